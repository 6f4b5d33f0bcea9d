// A batch copy's findings placed on its own text (app/batch/copies.ts), on proofs parsed as the batch
// parses them: where the placing is exact it is done, and where it cannot be the copy is verified itself.
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../common/annotations';
import type { VerifyResult } from '../common/results';
import { parseProof } from '../proof';
import { mapVerification } from './copies';

const TEXT = '## Proof\n\nSince $n^2-n=n(n-1)$, one factor is even.\n\nHence $n^2-n$ is even.\n';

/** A verification of `text` with one finding on `quote` in the step that holds it. */
function verified(text: string, quote: string): VerifyResult {
  const doc = parseProof(text, 'markdown');
  const start = text.indexOf(quote);
  const step = doc.steps.find((s) => s.range.start <= start && start < s.range.end)!;
  const finding: Annotation = {
    id: 'f1', stepId: step.id, range: { start, end: start + quote.length }, severity: 'gap', message: 'which factor?', quote, mappedBy: 'quote',
    provenance: { source: 'verifier', sample: 0, verdict: 'unchecked' },
  };
  return {
    runId: 'r1', score: 0.5, spread: null, parsedSamples: 1, text,
    samples: [{ index: 0, callId: 'v1', status: 'parsed', score: 0.5, analysis: '', annotations: [finding] }],
    steps: doc.steps.map((s) => ({ id: s.id, label: s.label, range: s.range, flags: s.id === step.id ? 1 : 0, confirmed: 0 })),
    documentAnnotations: [],
  };
}

describe('a copy that differs in whitespace', () => {
  it('gets the findings at the same words of its own text, its own steps and lines', () => {
    const copy = '\r\n\r\n' + TEXT.replace(/\n/g, '\r\n').replace('even.\r\n\r\nHence', 'even. \t\r\n\r\nHence') + '\r\n  \r\n';
    const result = verified(TEXT, 'one factor is even');
    const to = parseProof(copy, 'markdown');
    const mapped = mapVerification(result, parseProof(TEXT, 'markdown'), to)!;
    const finding = mapped.samples[0].annotations[0];
    expect(copy.slice(finding.range!.start, finding.range!.end)).toBe('one factor is even');
    expect(to.steps.map((s) => s.id)).toContain(finding.stepId);
    const flagged = mapped.steps.find((s) => s.flags === 1)!;
    expect(copy.slice(flagged.range.start, flagged.range.end)).toContain('one factor is even.');
    expect(flagged.range.startPos.line).toBe(result.steps.find((s) => s.flags === 1)!.range.startPos.line + 2);
    expect(mapped.text).toBe(copy);
    // The first's own result is not changed.
    expect(result.samples[0].annotations[0].range).toEqual({ start: TEXT.indexOf('one factor'), end: TEXT.indexOf('one factor') + 18 });
  });

  it('is verified itself (null) when the two are not one proof, parse into other steps, or a finding names a step the first does not have', () => {
    const result = verified(TEXT, 'one factor is even');
    const from = parseProof(TEXT, 'markdown');
    // A space inside a line is a change, not whitespace at a line's end.
    expect(mapVerification(result, from, parseProof(TEXT.replace('one factor', 'one  factor'), 'markdown'))).toBeNull();
    // The same text read as LaTeX: other steps.
    expect(mapVerification(result, from, parseProof(TEXT + '\n', 'tex'))).toBeNull();
    const stray = { ...result, samples: [{ ...result.samples[0], annotations: [{ ...result.samples[0].annotations[0], stepId: 'gone' }] }] };
    expect(mapVerification(stray, from, parseProof(TEXT + '\n\n', 'markdown'))).toBeNull();
    // An exact copy is the result as it is.
    expect(mapVerification(result, from, parseProof(TEXT, 'markdown'))).toBe(result);
  });
});
