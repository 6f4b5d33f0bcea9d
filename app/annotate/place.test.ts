import { describe, expect, it } from 'vitest';
import type { Finding, Provenance } from '../common/annotations';
import { parseProof } from '../proof';
import { labelNumber, placeFindings, UNPLACED_EXCERPT_CHARS, unplacedVerdict } from './place';

const doc = parseProof(String.raw`# Claim

Let $n$ be odd, so $n = 2k+1$.

Then \(n^2 = 4k^2 + 4k + 1\), which is odd.

Hence the claim.
`);
const provenance: Provenance = { source: 'verifier', runId: 'run-7', sample: 2, model: 'tiny', verdict: 'unchecked' };

describe('labelNumber', () => {
  it('reads the label forms models write', () => {
    expect(['S3', '[S3]', '(s3)', 'S 3', 'Step 3', 'step-3', '3', ' [S3] and S4'].map(labelNumber)).toEqual([3, 3, 3, 3, 3, 3, 3, 3]);
    expect(labelNumber('the third step')).toBeNull();
  });
});

describe('placeFindings', () => {
  it('places by label, by quote, or at document level, with deterministic ids', () => {
    const findings: Finding[] = [
      { severity: 'gap', message: 'Why is it odd?', stepLabel: '[S3]' },
      { severity: 'critical', message: 'Wrong expansion', quote: '$n^2 = 4k^2+4k+1$' },
      { severity: 'minor', message: 'Style', stepLabel: 'S99' },
      { severity: 'note', message: 'Nice proof overall' },
    ];
    const placed = placeFindings(findings, doc, provenance);
    expect(placed.map((a) => [a.stepId, a.mappedBy])).toEqual([
      [doc.steps[2].id, 'label'],
      [doc.steps[2].id, 'quote'],
      [null, 'none'],
      [null, 'none'],
    ]);
    // The quote is the whole formula, delimiters included (written `$…$` for the source's `\\(…\\)`).
    expect(doc.text.slice(placed[1].range!.start, placed[1].range!.end)).toBe('\\(n^2 = 4k^2 + 4k + 1\\)');
    expect(placed.map((a) => a.id)).toEqual(['run-7:verifier:2:0', 'run-7:verifier:2:1', 'run-7:verifier:2:2', 'run-7:verifier:2:3']);
    expect(placeFindings(findings, doc, provenance).map((a) => a.id)).toEqual(placed.map((a) => a.id));
    expect(placed[0].provenance).toEqual(provenance);
  });

  it('uses the quote to find the range inside the labelled step, and trusts a quote found elsewhere over a wrong label', () => {
    const [inStep, elsewhere, unfound] = placeFindings(
      [
        { severity: 'gap', message: 'a', stepLabel: 'S2', quote: 'odd' },
        { severity: 'gap', message: 'b', stepLabel: 'S2', quote: 'Hence the claim' },
        { severity: 'gap', message: 'c', stepLabel: 'S2', quote: 'text that is not there' },
      ],
      doc,
      provenance,
    );
    expect(inStep).toMatchObject({ stepId: doc.steps[1].id, mappedBy: 'label' });
    expect(doc.text.slice(inStep.range!.start, inStep.range!.end)).toBe('odd');
    expect(inStep.range!.start).toBeGreaterThanOrEqual(doc.steps[1].range.start);
    expect(elsewhere).toMatchObject({ stepId: doc.steps[3].id, mappedBy: 'quote' });
    expect(unfound).toMatchObject({ stepId: doc.steps[1].id, mappedBy: 'label', quote: 'text that is not there' });
    expect(unfound.range).toBeUndefined();
    // Every surface says an unfound quote is the model's words (the card, the report): placement marks it.
    expect(unfound.quoteNotFound).toBe(true);
    expect([inStep.quoteNotFound, elsewhere.quoteNotFound]).toEqual([undefined, undefined]);
  });

  it('marks findings from the extraction pass as such', () => {
    const [a, b] = placeFindings(
      [
        { severity: 'gap', message: 'x', stepLabel: 'S4' },
        { severity: 'gap', message: 'y' },
      ],
      doc,
      { source: 'verifier', verdict: 'unchecked' },
      { extracted: true, indexOffset: 5 },
    );
    expect([a.mappedBy, b.mappedBy]).toEqual(['extraction', 'none']);
    expect(a.id).toBe('local:verifier:0:5');
  });
});

// rev20 F6: an analysis cut at the excerpt's limit inside a display formula left half a `$$…` shown as raw TeX.
describe('unplacedVerdict', () => {
  const provenance: Provenance = { source: 'verifier', runId: 'r1', sample: 0, verdict: 'unchecked' };
  it('cuts the quoted analysis before a formula the limit falls inside, never in it', () => {
    const lead = 'The step where the sum is rewritten is not justified. '.repeat(5);
    const formula = String.raw`$$\frac{n(n+1)(2n+1)}{6} + (n+1)^2 = \frac{(n+1)(n+2)(2n+3)}{6}$$`;
    expect(lead.length).toBeLessThan(UNPLACED_EXCERPT_CHARS);
    expect(lead.length + formula.length).toBeGreaterThan(UNPLACED_EXCERPT_CHARS);
    const a = unplacedVerdict(0.5, `${lead}${formula} does not follow.`, provenance);
    expect(a.message).toBe(`Scored 0.5, no finding placed on a step: “${lead.trimEnd()}…”`);
    expect(a.stepId).toBeNull();
    expect(a.severity).toBe('gap');
  });

  it('quotes a short analysis whole, formulas and all', () => {
    const a = unplacedVerdict(0, String.raw`Here is my evaluation of the solution: $x^2 = 4$ is misread.`, provenance);
    expect(a.message).toBe(String.raw`Scored 0, no finding placed on a step: “$x^2 = 4$ is misread.”`);
    expect(a.severity).toBe('critical');
  });
});
