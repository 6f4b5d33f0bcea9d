// Verify selection: the steps a range touches become an excerpt the verifier sees on its own, and what
// the verifier says about the excerpt is moved back onto the real document (offsets and step ids).
import type { Annotation } from '../common/annotations';
import type { ProofDocument, Step } from '../common/proof';
import type { VerifyResult } from '../common/results';
import type { SourceRange } from '../common/text';
import { stepConsensus } from '../annotate';
import { parseProof } from './modules';

export interface Excerpt {
  /** The selected steps of the real document, in order. */
  steps: Step[];
  /** Where the excerpt starts in the real document. */
  offset: number;
  /** The excerpt parsed on its own: what the verifier sees (labels S1… restart at its first step). */
  doc: ProofDocument;
}

/** Steps overlapping [start, end); an empty range selects the step the caret is in. */
export function stepsInRange(doc: ProofDocument, range: SourceRange): Step[] {
  return doc.steps.filter((s) =>
    range.end > range.start ? s.range.start < range.end && s.range.end > range.start : s.range.start <= range.start && range.start < s.range.end,
  );
}

/** Throws RangeError when the range touches no step (the caller reports it as a bad request). */
export function excerptOf(doc: ProofDocument, range: SourceRange): Excerpt {
  if (range.end > doc.text.length) throw new RangeError(`the selection ends at ${range.end}, past the end of the document (${doc.text.length})`);
  const steps = stepsInRange(doc, range);
  if (steps.length === 0) throw new RangeError('the selection holds no proof step');
  const offset = steps[0].range.start;
  // A .tex excerpt has no \begin{document}: the TeX parser then takes the whole excerpt as the body.
  const text = doc.text.slice(offset, steps[steps.length - 1].range.end);
  return { steps, offset, doc: parseProof(text, doc.format) };
}

/**
 * Moves a verify result on the excerpt onto the real document: every range shifts by the offset,
 * every step id becomes the id of the real step at the same place, and consensus covers the selected steps.
 */
export function toDocumentResult(result: VerifyResult, excerpt: Excerpt, doc: ProofDocument): VerifyResult {
  const stepIdFor = (excerptStepId: string | null, range: SourceRange | undefined): string | null => {
    if (excerptStepId === null) return null;
    const local = excerpt.doc.steps.find((s) => s.id === excerptStepId);
    const at = local ? local.range.start + excerpt.offset : range ? range.start : undefined;
    if (at === undefined) return null;
    // Same start first; otherwise the selected step that contains the excerpt step's start.
    const real = excerpt.steps.find((s) => s.range.start === at) ?? excerpt.steps.find((s) => s.range.start <= at && at < s.range.end);
    return real?.id ?? null;
  };
  const moveAnnotation = (a: Annotation): Annotation => {
    const range = a.range ? { start: a.range.start + excerpt.offset, end: a.range.end + excerpt.offset } : undefined;
    const moved: Annotation = { ...a, stepId: stepIdFor(a.stepId, range) };
    if (range) moved.range = range;
    return moved;
  };
  const samples = result.samples.map((s) => ({ ...s, annotations: s.annotations.map(moveAnnotation) }));
  const selected = new Set(excerpt.steps.map((s) => s.id));
  return {
    ...result,
    samples,
    steps: stepConsensus(doc, samples).filter((s) => selected.has(s.id)),
    documentAnnotations: samples.flatMap((s) => s.annotations.filter((a) => a.stepId === null)),
  };
}
