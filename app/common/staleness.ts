// A past run's findings shown on the text as it is now (History › Show findings, and a document opened
// again): each is placed on the step that reads exactly as the step it was made on, and is stale where that text is gone.
import type { Annotation } from './annotations';
import type { ProofDocument, Step } from './proof';
import type { SourceRange } from './text';
import type { VerifyResult } from './results';

/**
 * `annotations` of the verification `verify` (made on `verify.text`) as they stand on `doc`: a finding
 * whose step reads the same in `doc` (the same step id, else the one step with that text) stays current
 * there, its range moved with the step; any other is stale, with no step and no range (never drawn
 * on a step whose text it was not about). A document-level finding is stale when the text differs.
 * A record without its verified text (written before it was kept) cannot tell: its findings are
 * returned as they are.
 */
export function placeOnText(annotations: readonly Annotation[], verify: Pick<VerifyResult, 'steps' | 'text'>, doc: ProofDocument | null): Annotation[] {
  const verified = verify.text;
  if (verified === undefined || !doc) return [...annotations];
  const still = stepsStillRead(verify, doc);
  const orphan = (a: Annotation): Annotation => {
    const { range: _range, ...rest } = a;
    return { ...rest, stepId: null, stale: true };
  };
  return annotations.map((a) => {
    if (a.stepId === null) return verified === doc.text ? a : orphan(a);
    const placed = still.get(a.stepId);
    if (!placed) return orphan(a);
    const { step, shift } = placed;
    return { ...a, stepId: step.id, ...(a.range ? { range: { start: a.range.start + shift, end: a.range.end + shift } } : {}) };
  });
}

/**
 * The steps of the verification `verify` (by their ids then) that read exactly the same in `doc`: each
 * mapped to its step in `doc` (the same id, else the one step with that text) and how far it moved
 * (characters, positive when later). A step rewritten, deleted or made ambiguous is absent. Needs the
 * verified text (`verify.text`); without it nothing can be told and the map is empty.
 */
export function stepsStillRead(verify: Pick<VerifyResult, 'steps' | 'text'>, doc: ProofDocument): Map<string, { step: Step; shift: number }> {
  const out = new Map<string, { step: Step; shift: number }>();
  const verified = verify.text;
  if (verified === undefined) return out;
  // Indexed once: a search of every step per verified step took minutes on a 2 MB proof (46,000 steps).
  const byId = groupBy(doc.steps, (d) => d.id);
  const byText = groupBy(doc.steps, (d) => d.text);
  for (const s of verify.steps) {
    const text = verified.slice(s.range.start, s.range.end);
    const sameId = byId.get(s.id)?.find((d) => d.text === text);
    const sameText = byText.get(text) ?? [];
    const step = sameId ?? (sameText.length === 1 ? sameText[0] : undefined);
    if (step) out.set(s.id, { step, shift: step.range.start - s.range.start });
  }
  return out;
}

/** `items` grouped by `key`, each group in the items' order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** True when the verification shown was made on a text other than `text` (known only for records that keep it). */
export function verifiedEarlierText(verify: Pick<VerifyResult, 'text'> | null, text: string | undefined): boolean {
  return !!verify && verify.text !== undefined && text !== undefined && verify.text !== text;
}

/**
 * "S3–S5" (or "S3") for the steps of `doc` a range touches (a verified selection), by their labels;
 * "the selection" when it touches none. The workbench's score and the report name a selection so.
 */
export function stepSpan(doc: ProofDocument | null, range: SourceRange): string {
  const touched = (doc?.steps ?? []).filter((s) => s.range.start < range.end && s.range.end > range.start);
  if (touched.length === 0) return 'the selection';
  return touched.length === 1 ? touched[0].label : `${touched[0].label}–${touched[touched.length - 1].label}`;
}
