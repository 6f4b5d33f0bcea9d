// Copies in a batch: two submissions whose texts are one proof once line endings, whitespace at the
// end of lines and blank lines before the first and after the last line are set aside (the rule of
// app/common/ranking.ts normalisedProof, which the search uses for equal candidates). A copy takes the
// first's verification, but its findings carry offsets, step ids and line/column positions in the
// first's text: they are placed on the copy's own text here, or, when that cannot be done exactly, the
// copy is verified itself (`mapVerification` returns null).
import type { Annotation } from '../common/annotations';
import type { ProofDocument } from '../common/proof';
import { normalisedProof } from '../common/ranking';
import type { StepConsensus, VerifyResult } from '../common/results';
import { LineIndex, type SourceRange } from '../common/text';

/**
 * Offsets of `text` against its normalised form: `kept[j]` is the source span of the normalised text's
 * j-th character (a CRLF is one character spanning two), the characters normalisation dropped have none.
 */
interface Normalised {
  text: string;
  kept: SourceRange[];
  /** toNormal[o]: how many normalised characters come before source offset o (0 ≤ o ≤ text length). */
  toNormal: Int32Array;
}

/**
 * The normalised text of `text` with where each of its characters came from. Built step by step as
 * normalisedProof is (line endings, line ends, outer blank lines); null if the two ever disagree.
 */
function normalise(text: string): Normalised | null {
  // Line endings: CRLF and CR are one "\n".
  const chars: { c: string; span: SourceRange }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r') {
      const end = text[i + 1] === '\n' ? i + 2 : i + 1;
      chars.push({ c: '\n', span: { start: i, end } });
      i = end - 1;
    } else chars.push({ c, span: { start: i, end: i + 1 } });
  }
  // Whitespace at the end of each line, as normalisedProof's /\s+$/ per line.
  const lineEnded: typeof chars = [];
  let line: typeof chars = [];
  const flush = () => {
    let end = line.length;
    while (end > 0 && /\s/.test(line[end - 1].c)) end--;
    lineEnded.push(...line.slice(0, end));
    line = [];
  };
  for (const ch of chars) {
    if (ch.c === '\n') {
      flush();
      lineEnded.push(ch);
    } else line.push(ch);
  }
  flush();
  // Blank lines before the first and after the last line.
  let from = 0;
  let to = lineEnded.length;
  while (from < to && lineEnded[from].c === '\n') from++;
  while (to > from && lineEnded[to - 1].c === '\n') to--;
  const kept = lineEnded.slice(from, to);
  const normal = kept.map((k) => k.c).join('');
  if (normal !== normalisedProof(text)) return null;
  const toNormal = new Int32Array(text.length + 1);
  let j = 0;
  for (let o = 0; o <= text.length; o++) {
    while (j < kept.length && kept[j].span.start < o) j++;
    toNormal[o] = j;
  }
  return { text: normal, kept: kept.map((k) => k.span), toNormal };
}

/**
 * `result`, the verification of `from`, as the verification of `to` when both are one proof under
 * normalisedProof: every finding's range moved onto `to`'s text, every step id and range made `to`'s
 * own, `text` set to `to`'s. Null (verify `to` itself) when the texts are not one proof, the two parse
 * into different steps (another format, a blank line that splits a paragraph), a finding names a step
 * the first's parse does not have, or a moved range does not hold the same text, normalised, as before.
 */
export function mapVerification(result: VerifyResult, from: ProofDocument, to: ProofDocument): VerifyResult | null {
  if (from.text === to.text && from.format === to.format) return result;
  const a = normalise(from.text);
  const b = normalise(to.text);
  if (!a || !b || a.text !== b.text || from.format !== to.format) return null;
  if (from.steps.length !== to.steps.length) return null;
  const moveStart = (o: number) => {
    const j = a.toNormal[o];
    return j < b.kept.length ? b.kept[j].start : to.text.length;
  };
  const moveEnd = (o: number) => {
    const j = a.toNormal[o];
    return j === 0 ? (b.kept.length ? b.kept[0].start : 0) : b.kept[j - 1].end;
  };
  const move = (r: SourceRange): SourceRange | null => {
    const start = moveStart(r.start);
    const end = Math.max(start, moveEnd(r.end));
    return normalisedProof(to.text.slice(start, end)) === normalisedProof(from.text.slice(r.start, r.end)) ? { start, end } : null;
  };
  // Steps: the same steps, in order, with the same text (normalised) at the place the map gives.
  const stepIds = new Map<string, string>();
  for (let i = 0; i < from.steps.length; i++) {
    const s = from.steps[i];
    const t = to.steps[i];
    if (s.kind !== t.kind || normalisedProof(s.text) !== normalisedProof(t.text)) return null;
    stepIds.set(s.id, t.id);
  }
  const lines = new LineIndex(to.text);
  let broken = false;
  const moveAnnotation = (x: Annotation): Annotation => {
    const stepId = x.stepId === null ? null : stepIds.get(x.stepId);
    if (stepId === undefined) broken = true;
    const range = x.range ? move(x.range) : undefined;
    if (x.range && !range) broken = true;
    return { ...x, stepId: stepId ?? null, ...(range ? { range: 'startPos' in x.range! ? lines.locate(range) : range } : {}) };
  };
  const steps: StepConsensus[] = result.steps.map((s) => {
    const index = from.steps.findIndex((f) => f.id === s.id);
    if (index < 0) {
      broken = true;
      return s;
    }
    const t = to.steps[index];
    return { ...s, id: t.id, label: t.label, range: lines.locate(t.range) };
  });
  const mapped: VerifyResult = {
    ...result,
    samples: result.samples.map((sample) => ({ ...sample, annotations: sample.annotations.map(moveAnnotation) })),
    documentAnnotations: result.documentAnnotations.map(moveAnnotation),
    steps,
    text: to.text,
  };
  return broken ? null : mapped;
}
