// What an edit changed in a parsed document, small enough to send on every keystroke (issue 11): the
// whole ProofDocument of a 460-line proof is ~114 KB of JSON (its text, every step's text and math),
// and the UI parsed and validated all of it on each key. An edit leaves the steps before it as they
// were and moves the steps after it by the edit's length; only the steps in between are sent, with
// the new text rebuilt by the UI from the edits it sent itself.
import type { ProofDocument, Step } from './proof';
import type { SourceRange } from './text';

export interface DocDelta {
  /** The base document's first `head` steps are the new document's first `head` steps, unchanged. */
  head: number;
  /**
   * The base document's last `tail` steps are the new document's last `tail` steps, with their offsets
   * moved by `shift` characters and their lines by `lineShift`, and renumbered (index, and the label
   * from `tailLabels` when given, else the base step's own).
   */
  tail: number;
  shift: number;
  lineShift: number;
  tailLabels?: string[];
  /** The new document's steps between the head and the tail, in full. */
  steps: Step[];
  body: SourceRange;
}

const moved = (r: SourceRange, shift: number): SourceRange => ({ ...r, start: r.start + shift, end: r.end + shift });

function shiftStep(step: Step, shift: number, lineShift: number, index: number, label: string): Step {
  return {
    ...step,
    label,
    index,
    range: {
      ...step.range,
      start: step.range.start + shift,
      end: step.range.end + shift,
      startPos: { ...step.range.startPos, line: step.range.startPos.line + lineShift },
      endPos: { ...step.range.endPos, line: step.range.endPos.line + lineShift },
    },
    math: step.math.map((m) => ({ ...m, range: moved(m.range, shift), contentRange: moved(m.contentRange, shift) })),
  };
}

/**
 * The new document rebuilt from the base one, its new text and a delta. Steps of the head are the base
 * document's own objects (so a UI can tell that they did not change).
 */
export function applyDocDelta(base: ProofDocument, text: string, delta: DocDelta): ProofDocument {
  if (delta.head + delta.tail > base.steps.length) throw new Error(`document delta does not fit the base document (${delta.head} + ${delta.tail} > ${base.steps.length} steps)`);
  const head = base.steps.slice(0, delta.head);
  const firstTail = head.length + delta.steps.length;
  const tail = base.steps.slice(base.steps.length - delta.tail).map((step, j) =>
    shiftStep(step, delta.shift, delta.lineShift, firstTail + j, delta.tailLabels?.[j] ?? step.label));
  return { ...base, text, body: delta.body, steps: [...head, ...delta.steps, ...tail] };
}

/**
 * The delta from `base` to `next`, or null when the rebuilt document would not equal `next` exactly
 * (then the whole document is sent). Runs in the engine, off the UI's thread.
 */
export function docDelta(base: ProofDocument, next: ProofDocument): DocDelta | null {
  if (base.format !== next.format) return null;
  const json = (s: Step) => JSON.stringify(s);
  const shift = next.text.length - base.text.length;
  const lineShift = lineCount(next.text) - lineCount(base.text);
  const max = Math.min(base.steps.length, next.steps.length);
  let head = 0;
  while (head < max && (base.steps[head] === next.steps[head] || json(base.steps[head]) === json(next.steps[head]))) head++;
  let tail = 0;
  const countChanged = base.steps.length !== next.steps.length;
  while (tail < max - head) {
    const b = base.steps[base.steps.length - 1 - tail];
    const n = next.steps[next.steps.length - 1 - tail];
    if (b.id !== n.id || b.text !== n.text || json(shiftStep(b, shift, lineShift, n.index, n.label)) !== json(n)) break;
    tail++;
  }
  const nextTail = next.steps.slice(next.steps.length - tail);
  const baseTail = base.steps.slice(base.steps.length - tail);
  const delta: DocDelta = {
    head, tail, shift, lineShift,
    ...(countChanged || nextTail.some((s, j) => s.label !== baseTail[j].label) ? { tailLabels: nextTail.map((s) => s.label) } : {}),
    steps: next.steps.slice(head, next.steps.length - tail),
    body: next.body,
  };
  // The rebuilt document must be the engine's own, byte for byte; any doubt sends the whole document.
  return JSON.stringify(applyDocDelta(base, next.text, delta)) === JSON.stringify(next) ? delta : null;
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
