// Selection excerpts: which steps a range picks, and how an excerpt's verify result lands on the document.
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../common/annotations';
import type { VerifyResult } from '../common/results';
import { parseProof } from '../proof';
import { excerptOf, stepsInRange, toDocumentResult } from './selection';

const TEX = String.raw`\documentclass{article}
\begin{document}
\section{Setup}
Let $n \ge 1$ be an integer.

Then $n^2 \ge n$ because $n \ge 1$.

\begin{align*}
n^3 &\ge n^2 \\
    &\ge n.
\end{align*}

Hence the claim.
\end{document}
`;

const annotation = (stepId: string | null, range?: { start: number; end: number }): Annotation => ({
  id: `a-${stepId}`,
  stepId,
  ...(range ? { range } : {}),
  severity: 'gap',
  message: 'm',
  mappedBy: range ? 'quote' : 'label',
  provenance: { source: 'verifier', verdict: 'unchecked' },
});

function resultOn(annotations: Annotation[]): VerifyResult {
  return {
    runId: 'r',
    score: 0.5,
    spread: null,
    parsedSamples: 1,
    samples: [{ index: 0, callId: 'c', status: 'parsed', score: 0.5, analysis: 'a', annotations }],
    steps: [],
    documentAnnotations: annotations.filter((a) => a.stepId === null),
  };
}

describe('verify selection', () => {
  const doc = parseProof(TEX, 'tex');
  const then = doc.steps.find((s) => s.text.startsWith('Then'))!;
  const align = doc.steps.find((s) => s.text.startsWith('\\begin{align*}'))!;

  it('picks the steps a range overlaps, or the step under an empty range', () => {
    expect(stepsInRange(doc, { start: then.range.end - 2, end: align.range.start + 1 }).map((s) => s.id)).toEqual([then.id, align.id]);
    expect(stepsInRange(doc, { start: then.range.start + 4, end: then.range.start + 4 }).map((s) => s.id)).toEqual([then.id]);
    // Blank space between two steps touches neither.
    expect(stepsInRange(doc, { start: then.range.end, end: then.range.end + 1 })).toEqual([]);
  });

  it('excerpts the selected steps only, in the document format, and refuses an empty or out-of-range selection', () => {
    const excerpt = excerptOf(doc, { start: then.range.start, end: align.range.end });
    expect(excerpt.offset).toBe(then.range.start);
    expect(excerpt.doc.text).toBe(TEX.slice(then.range.start, align.range.end));
    expect(excerpt.doc.text).not.toContain('Let $n');
    expect(excerpt.doc.steps.map((s) => s.text)).toEqual([then.text, align.text]);
    expect(() => excerptOf(doc, { start: then.range.end, end: then.range.end + 1 })).toThrow(/no proof step/);
    expect(() => excerptOf(doc, { start: 0, end: TEX.length + 1 })).toThrow(/past the end/);
  });

  it('moves ranges by the offset and step ids onto the real steps; consensus covers the selection', () => {
    const excerpt = excerptOf(doc, { start: then.range.start, end: align.range.end });
    const [localThen, localAlign] = excerpt.doc.steps;
    const quoteAt = excerpt.doc.text.indexOf('n^3');
    const moved = toDocumentResult(
      resultOn([annotation(localAlign.id, { start: quoteAt, end: quoteAt + 3 }), annotation(localThen.id), annotation(null)]),
      excerpt,
      doc,
    );
    const [onAlign, onThen, unplaced] = moved.samples[0].annotations;
    expect(onAlign.stepId).toBe(align.id);
    expect(TEX.slice(onAlign.range!.start, onAlign.range!.end)).toBe('n^3');
    expect(onThen).toMatchObject({ stepId: then.id });
    expect(onThen.range).toBeUndefined();
    expect(unplaced.stepId).toBeNull();
    expect(moved.documentAnnotations).toEqual([unplaced]);
    expect(moved.steps.map((s) => [s.id, s.label, s.flags])).toEqual([[then.id, then.label, 1], [align.id, align.label, 1]]);
    expect(moved.steps[1].range).toEqual(align.range);
  });
});
