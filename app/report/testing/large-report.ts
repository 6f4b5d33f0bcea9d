// Test and bench helper: a large proof and a verify result on it, as the CLI's report gets them
// (app/report/report-size.test.ts, bench/report-size.ts).
import type { Annotation } from '../../common/annotations';
import type { ProofDocument } from '../../common/proof';
import type { VerifyResult } from '../../common/results';
import { parseProof } from '../../proof';

/** The line of e2e/big-paste.test.ts: two short formulas, the densest math real pastes have. */
export const MATH_LINE = 'Pasted line with $\\frac{a}{b}$ and $x^2$.\n\n';
/** A line as long, with no math. */
export const PROSE_LINE = 'Pasted line of words, nothing typeset in it, as long as the other.\n\n';

/** `line` repeated to `chars` characters. */
export function repeatedProof(line: string, chars: number): string {
  return line.repeat(Math.ceil(chars / line.length)).slice(0, chars);
}

/**
 * `text` parsed (Markdown) with a verify result of 4 samples on it: sample 1 gives one finding on every
 * `findingsEvery`-th step (message "FINDING-i: …" with a formula, quoting the step's start); the result
 * keeps the verified text, as the CLI's and the app's do.
 */
export function largeReportInput(text: string, findingsEvery = 10): { doc: ProofDocument; result: VerifyResult; annotations: Annotation[] } {
  const doc = parseProof(text, 'markdown');
  const annotations: Annotation[] = doc.steps
    .filter((_, i) => i % findingsEvery === 0)
    .map((s, i) => ({
      id: `a${i}`,
      stepId: s.id,
      severity: 'gap',
      message: `FINDING-${i}: the bound on $x^2$ is not justified here.`,
      quote: s.text.slice(0, 40),
      mappedBy: 'label',
      provenance: { source: 'verifier', sample: 0, runId: 'r', verdict: 'unchecked' },
    }));
  const flagged = new Set(annotations.map((a) => a.stepId));
  const result: VerifyResult = {
    runId: 'r',
    score: 0.75,
    spread: { min: 0, max: 1, stdev: 0.43 },
    parsedSamples: 4,
    samples: [0, 1, 2, 3].map((index) => ({ index, callId: `c${index}`, status: 'parsed', score: index ? 1 : 0, analysis: 'Read it.', annotations: index ? [] : annotations })),
    steps: doc.steps.map((s) => ({ id: s.id, label: s.label, range: s.range, flags: flagged.has(s.id) ? 1 : 0, confirmed: 0 })),
    documentAnnotations: [],
    text,
  };
  return { doc, result, annotations };
}
