// The reference solution and marking scheme of the open document (issue 15): what the Reference and
// Rubric panes show and edit, and what a verification is graded against. A small store of its own
// (the workbench store is being split by feature); the engine reads and writes the sibling files.
import { create } from 'zustand';
import type { GradingArg } from '../../app/common/contract';
import { DEFAULT_POINTS, notValidYaml, RubricFrontMatterError, rubricGuidance, rubricPoints, rubricPointsLine, withRubricPoints } from '../../app/common/rubric';
import { pointsFigure, type PointsMean } from '../../app/common/run-status';

export interface GradingState {
  /** The document these texts belong to (null: none loaded yet). */
  docId: string | null;
  reference: string;
  /** The marking scheme's file text; its front matter's `points: N` is the scale (app/common/rubric.ts). */
  rubric: string;
  /** Edited since they were read from or written to the files. */
  dirty: boolean;
  /** The document has a path, so the texts can be kept beside it. */
  saved: boolean;
}

export const useGrading = create<GradingState>(() => ({ docId: null, reference: '', rubric: '', dirty: false, saved: false }));

/** The top of the points scale the marking scheme records (front matter `points: N`), else 7. */
export function gradingPoints(g: Pick<GradingState, 'rubric'>): number {
  return rubricPoints(g.rubric) ?? DEFAULT_POINTS;
}

/** The marking scheme's `points:` value when it is no scale (`points: ten`), which grading ignores (7 is used); else null. */
export function invalidGradingPoints(g: Pick<GradingState, 'rubric'>): string | null {
  return rubricPointsLine(g.rubric).invalid ?? null;
}

/**
 * Why the marking scheme's front matter states no scale although it is written as settings: "is not
 * valid YAML (lines 2–3: …)" (app/common/rubric.ts notValidYaml), else null. The Points field cannot
 * set a scale until it is corrected.
 */
export function unreadableGradingFrontMatter(g: Pick<GradingState, 'rubric'>): string | null {
  const { unreadable } = rubricPointsLine(g.rubric);
  return unreadable ? notValidYaml(unreadable) : null;
}

/**
 * Sets the scale for the open document `docId` (the Points field): recorded in the marking scheme's
 * front matter, so Save keeps it beside the proof and `verify` on the command line grades on it too
 * (it lasted the session only). Marks the texts unsaved when that changes the scheme. A front matter
 * YAML cannot read is left as it is: the message (RubricFrontMatterError's) is returned, else null.
 */
export function setGradingPoints(docId: string | null, points: number): string | null {
  const g = useGrading.getState();
  let rubric: string;
  try {
    rubric = withRubricPoints(g.rubric, points);
  } catch (error) {
    if (error instanceof RubricFrontMatterError) return error.message;
    throw error;
  }
  if (rubric !== g.rubric) useGrading.setState({ rubric, dirty: true, docId });
  return null;
}

/**
 * What startVerify is given: grading against the reference when the open document has one (the
 * marking scheme may be empty), else nothing (plain verification).
 */
export function gradingForVerify(docId: string | null): GradingArg | undefined {
  const g = useGrading.getState();
  if (!docId || g.docId !== docId || !g.reference.trim()) return undefined;
  return { reference: g.reference, rubric: rubricGuidance(g.rubric), points: gradingPoints(g) };
}

/** "3.33/7": the mean points of a graded verification (`pointsFigure`, one wording on every surface). */
export function formatPoints(points: PointsMean | undefined): string | null {
  return points ? pointsFigure(points) : null;
}

/**
 * Whether the open document `docId` has a reference solution or marking scheme edited and not saved
 * beside it: the document's unsaved mark, Save and the unsaved-changes guard count them (typed in the
 * Reference tab, they had no mark, Save left them out, and opening another file dropped them unasked).
 */
export function gradingUnsaved(docId: string | null): boolean {
  const g = useGrading.getState();
  return docId !== null && g.docId === docId && g.dirty;
}
