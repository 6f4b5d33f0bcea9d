// Re-mapping through one text edit: step ids follow the text they name, annotations follow their
// ranges and steps, and anything whose text the edit rewrote is marked stale.
import type { Annotation } from '../common/annotations';
import type { ProofDocument, Step } from '../common/proof';
import { applyEdit, type SourceRange, type TextEdit } from '../common/text';
import { freshId } from './ids';
import { reparseMarkdown } from './incremental';
import { makeDocument, markdownStructureOf, parseDrafts } from './parse';
import type { StepDraft } from './segment';

function checkEdit(text: string, edit: TextEdit): void {
  const ok =
    Number.isInteger(edit.start) && Number.isInteger(edit.end) && edit.start >= 0 && edit.start <= edit.end && edit.end <= text.length;
  if (!ok || typeof edit.text !== 'string') {
    throw new RangeError(`edit [${edit.start}, ${edit.end}) does not fit a document of ${text.length} characters`);
  }
}

/** The document after `edit`, keeping the ids of steps the edit did not rewrite. */
export function remapDocument(old: ProofDocument, edit: TextEdit): ProofDocument {
  checkEdit(old.text, edit);
  const text = applyEdit(old.text, edit);
  const oldStructure = old.format === 'markdown' ? markdownStructureOf(old) : undefined;
  const structure = oldStructure && reparseMarkdown(oldStructure, old.text.length, edit, text);
  const parsed = parseDrafts(text, old.format, structure);
  return makeDocument(old.format, text, parsed, carryIds(old.steps, parsed.drafts, edit));
}

/**
 * Ids for the new drafts: (1) a step outside the edit whose old range held the same step keeps its id;
 * (2) the step an edit fell inside keeps its id on the new step overlapping it most; (3) otherwise an
 * old step with identical text lends its id; (4) else a fresh id (never one the old document used).
 */
function carryIds(oldSteps: Step[], drafts: StepDraft[], edit: TextEdit): string[] {
  const delta = edit.text.length - (edit.end - edit.start);
  const newEditEnd = edit.start + edit.text.length;
  const ids: (string | undefined)[] = new Array(drafts.length);
  const used = new Set<string>();
  const byRange = new Map<string, Step>();
  for (const step of oldSteps) byRange.set(`${step.range.start}:${step.range.end}`, step);

  const assign = (i: number, step: Step | undefined): boolean => {
    if (!step || used.has(step.id) || ids[i]) return false;
    ids[i] = step.id;
    used.add(step.id);
    return true;
  };

  drafts.forEach((draft, i) => {
    const r = draft.range;
    let old: Step | undefined;
    if (r.end <= edit.start) old = byRange.get(`${r.start}:${r.end}`);
    else if (r.start >= newEditEnd) old = byRange.get(`${r.start - delta}:${r.end - delta}`);
    if (old && old.kind === draft.kind && old.text === draft.text) assign(i, old);
  });

  const host = oldSteps.find((s) => s.range.start <= edit.start && edit.end <= s.range.end);
  if (host && !used.has(host.id)) {
    const mapped = { start: host.range.start, end: host.range.end + delta };
    let best = -1;
    let bestOverlap = -1;
    drafts.forEach((draft, i) => {
      if (ids[i]) return;
      const overlap = Math.min(mapped.end, draft.range.end) - Math.max(mapped.start, draft.range.start);
      if (overlap >= 0 && overlap > bestOverlap) {
        best = i;
        bestOverlap = overlap;
      }
    });
    if (best >= 0) assign(best, host);
  }

  const byText = new Map<string, Step[]>();
  for (const step of oldSteps) {
    if (used.has(step.id)) continue;
    const list = byText.get(step.text);
    if (list) list.push(step);
    else byText.set(step.text, [step]);
  }
  drafts.forEach((draft, i) => {
    if (ids[i]) return;
    const candidates = byText.get(draft.text);
    while (candidates && candidates.length > 0 && !assign(i, candidates.shift())) {
      // skip candidates already used
    }
  });

  const taken = new Set<string>([...used, ...oldSteps.map((s) => s.id)]);
  return drafts.map((draft, i) => ids[i] ?? freshId(draft.text, taken));
}

/** Where an offset lands after the edit; `side` decides for offsets inside the replaced span. */
function mapOffset(offset: number, edit: TextEdit, side: 'start' | 'end'): number {
  const delta = edit.text.length - (edit.end - edit.start);
  if (side === 'start') {
    if (offset < edit.start) return offset;
    if (offset >= edit.end) return offset + delta;
    return edit.start + edit.text.length;
  }
  if (offset <= edit.start) return offset;
  if (offset > edit.end) return offset + delta;
  return edit.start;
}

/** True when the edit changes text inside the range (an insertion exactly at either end does not). */
function touches(range: SourceRange, edit: TextEdit): boolean {
  if (edit.start === edit.end) return edit.start > range.start && edit.start < range.end;
  return edit.start < range.end && edit.end > range.start;
}

export function mapRange(range: SourceRange, edit: TextEdit): SourceRange {
  const start = mapOffset(range.start, edit, 'start');
  return { start, end: Math.max(start, mapOffset(range.end, edit, 'end')) };
}

/**
 * Annotations after `edit` (which turned `old` into `next`): exact ranges move with the text; an
 * annotation follows its step id, or a step that now holds its range and reads exactly as its old
 * step did; it is marked `stale` when its range was edited, or, without a range, when its step's text
 * changed or vanished. One whose range left its step otherwise is stale with no step and no range:
 * never moved onto a step whose text it was not about.
 */
export function remapAnnotations(annotations: Annotation[], old: ProofDocument, next: ProofDocument, edit: TextEdit): Annotation[] {
  checkEdit(old.text, edit);
  const oldById = new Map(old.steps.map((s) => [s.id, s]));
  const nextById = new Map(next.steps.map((s) => [s.id, s]));
  const stepHolding = (r: SourceRange) => next.steps.find((s) => s.range.start <= r.start && r.end <= s.range.end);

  return annotations.map((annotation) => {
    const out: Annotation = { ...annotation };
    let stale = annotation.stale === true;
    if (annotation.range) {
      const range = mapRange(annotation.range, edit);
      out.range = range;
      if (touches(annotation.range, edit)) stale = true;
      if (annotation.stepId !== null) {
        const own = nextById.get(annotation.stepId);
        const holds = own && own.range.start <= range.start && range.end <= own.range.end;
        const before = oldById.get(annotation.stepId);
        const holder = holds ? undefined : stepHolding(range);
        // Moved onto another step only when that step reads as the finding's did (its text moved, its
        // id did not follow): a finding is never shown on a step whose text it was not about.
        if (holder && !stale && before && holder.text === before.text) out.stepId = holder.id;
        else if (!holds) {
          // The text it was about is gone from its step (the step was rewritten, split or deleted):
          // stale and orphaned, not drawn anywhere in the new text (refreshStale in the engine puts it
          // back when the text reads as before again).
          out.stepId = null;
          delete out.range;
          stale = true;
        }
      }
    } else if (annotation.stepId !== null) {
      const before = oldById.get(annotation.stepId);
      const after = nextById.get(annotation.stepId);
      if (!after) {
        stale = true;
        out.stepId = null;
      } else if (!before || before.text !== after.text) {
        stale = true;
      }
    }
    if (stale) out.stale = true;
    return out;
  });
}
