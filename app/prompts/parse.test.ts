import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGeneration, parseMetaVerification, parseVerification, withoutScoreLine } from './parse';

const output = (name: string) =>
  readFileSync(new URL(`../../resources/samples/outputs/cauchy-equation.${name}.txt`, import.meta.url), 'utf8');
const GAP_QUOTE = 'Clearly, since the identity $f(q) = cq$ holds for every rational number $q$';

const DEEPSEEK_PASS = `Here is my evaluation of the solution:

The solution proves both directions. The key estimate $|a_n - a_m| \\le 2^{-\\min(m,n)}$ is derived correctly from the recurrence, and the Cauchy criterion then gives convergence.

Based on my evaluation, the final overal score should be:
\\boxed{1}`;

describe('parseVerification (deepseek-math-v2)', () => {
  it('reads a full-score verdict and trims the closing score line', () => {
    const v = parseVerification(DEEPSEEK_PASS, 'stop', 'deepseek-math-v2');
    expect(v.status).toBe('parsed');
    expect(v.score).toBe(1);
    expect(v.analysis.startsWith('Here is my evaluation of the solution:')).toBe(true);
    expect(v.analysis.endsWith('then gives convergence.')).toBe(true);
    expect(v.findings).toEqual([]);
  });

  it('reads the gap sample verdict and the quoted gap step', () => {
    const v = parseVerification(output('deepseek.verify'), 'stop', 'deepseek-math-v2');
    expect(v.status).toBe('parsed');
    expect(v.score).toBe(0.5);
    expect(v.findings).toHaveLength(1);
    expect(v.findings[0].severity).toBe('gap');
    expect(v.findings[0].quote).toContain(GAP_QUOTE);
    expect(v.findings[0].message).toMatch(/^The step "Clearly, since .* is not justified\.$/);
    expect(v.analysis).not.toContain('final overal score');
  });

  it('ignores a boxed score inside the reasoning before </think>', () => {
    const text = output('deepseek.verify-think');
    expect(text).toContain('\\boxed{1}');
    const v = parseVerification(text, 'stop', 'deepseek-math-v2');
    expect(v.score).toBe(0.5);
    expect(v.reasoning).toContain('I would give \\boxed{1}');
    expect(v.analysis.startsWith('Here is my evaluation of the solution:')).toBe(true);
  });

  it('takes the last of several boxes, with nested braces', () => {
    const text = `Here is my evaluation of the solution:
A proof without the missing case would deserve \\boxed{1}, but case $n = 2$ is absent.

Based on my evaluation, the final overal score should be:
$\\boxed{\\frac{1}{2}}$`;
    const v = parseVerification(text, 'stop', 'deepseek-math-v2');
    expect(v.score).toBe(0.5);
    expect(v.analysis).toBe('Here is my evaluation of the solution:\nA proof without the missing case would deserve \\boxed{1}, but case $n = 2$ is absent.');
  });

  it('never reads a cut-off response as a verdict, even with a boxed score in it', () => {
    const v = parseVerification(`${DEEPSEEK_PASS}\n\nActually, let me double-check the estimate`, 'length', 'deepseek-math-v2');
    expect(v).toMatchObject({ status: 'unparsed', reason: 'truncated', score: null, findings: [] });
  });

  it('reads an unclosed <think> that stopped as reasoning that never ended (no verdict), whatever it contains', () => {
    const v = parseVerification('<think>The proof looks right, so \\boxed{1}. Let me check the base case', 'stop', 'deepseek-math-v2');
    expect(v).toMatchObject({ status: 'unparsed', reason: 'unclosed-think', score: null });
    expect(v.reasoning).toContain('base case');
    // Cut off at the token limit inside it: the limit is what the user can change.
    expect(parseVerification('<think>so \\boxed{1}', 'length', 'deepseek-math-v2').reason).toBe('truncated');
    // A think block reopened after an answer: the answer went back to thinking, its later box is no verdict.
    expect(parseVerification('<think>a</think>Wrong. \\boxed{0}\n<think>actually \\boxed{1}', 'stop', 'deepseek-math-v2')).toMatchObject({ reason: 'unclosed-think', score: null });
  });

  it('reports a missing score', () => {
    const v = parseVerification('Here is my evaluation of the solution:\nThe proof is correct and complete.', 'stop', 'deepseek-math-v2');
    expect(v).toMatchObject({ status: 'unparsed', reason: 'no-score', score: null });
    expect(v.analysis).toContain('correct and complete');
  });

  it.each([
    ['an out-of-range score', '\\boxed{0.75}'],
    ['a word', '\\boxed{correct}'],
    ['an unclosed final box after a complete one', 'almost \\boxed{0}; so \\boxed{\\frac{1}{2}'],
  ])('rejects %s as invalid-score', (_what, tail) => {
    const v = parseVerification(`Here is my evaluation of the solution:\nSome analysis.\n${tail}`, 'stop', 'deepseek-math-v2');
    expect(v).toMatchObject({ status: 'unparsed', reason: 'invalid-score', score: null });
  });

  it('maps the other finish reasons and empty answers', () => {
    expect(parseVerification(DEEPSEEK_PASS, 'abort', 'deepseek-math-v2').reason).toBe('cancelled');
    expect(parseVerification(DEEPSEEK_PASS, 'error', 'deepseek-math-v2').reason).toBe('error');
    // A server that ended the answer some other way (vLLM abort, content filter): no verdict, whatever the box says.
    expect(parseVerification(DEEPSEEK_PASS, 'incomplete', 'deepseek-math-v2')).toMatchObject({ status: 'unparsed', reason: 'incomplete', score: null });
    expect(parseMetaVerification(DEEPSEEK_PASS, 'incomplete')).toMatchObject({ status: 'unparsed', reason: 'incomplete' });
    expect(parseVerification('  \n', 'stop', 'deepseek-math-v2').reason).toBe('empty');
    expect(parseVerification('<think>long thought</think>', 'stop', 'deepseek-math-v2').reason).toBe('empty');
  });

  it('reads Huang–Yang findings lists', () => {
    const v = parseVerification(output('huang-yang.verify'), 'stop', 'deepseek-math-v2');
    expect(v.score).toBe(0.5);
    expect(v.findings).toEqual([
      expect.objectContaining({ severity: 'gap', quote: expect.stringContaining(GAP_QUOTE) }),
    ]);
  });

  it('reads no finding from words in curly quotes for emphasis, and the quote of a step past them (rev20 F7)', () => {
    const analysis = (body: string) =>
      `Here is my evaluation of the solution:\n\n${body}\n\nBased on my evaluation, the final overal score should be:\n\\boxed{0.5}`;
    const emphasis = analysis('The solution proceeds by induction. The “obvious” step in the inductive case is not justified, and what the author calls “the key lemma” is never proved.');
    expect(parseVerification(emphasis, 'stop', 'deepseek-math-v2')).toMatchObject({ score: 0.5, findings: [] });
    const quoted = analysis('The “obvious” step “Clearly, since $a_n < 2$, the sequence is bounded” is not justified.');
    expect(parseVerification(quoted, 'stop', 'deepseek-math-v2').findings).toEqual([
      expect.objectContaining({ severity: 'gap', quote: 'Clearly, since $a_n < 2$, the sequence is bounded' }),
    ]);
  });

  it('does not mine free text for findings when the verdict is a full score', () => {
    const text = `Here is my evaluation of the solution:\nThe step "by continuity of $f$" might look unjustified at first, but continuity is a hypothesis.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}`;
    expect(parseVerification(text, 'stop', 'deepseek-math-v2').findings).toEqual([]);
  });
});

describe('parseVerification (labelled)', () => {
  it('reads labelled findings and the score', () => {
    const v = parseVerification(output('labelled.verify'), 'stop', 'labelled');
    expect(v.status).toBe('parsed');
    expect(v.score).toBe(0.5);
    expect(v.findings).toEqual([
      expect.objectContaining({ stepLabel: 'S8', severity: 'gap', quote: GAP_QUOTE }),
    ]);
    expect(v.findings[0].message).toMatch(/^the identity is carried over/);
  });

  it('reads a score line written on one line, and no findings when there are none', () => {
    const v = parseVerification('Findings: none\n\nScore: \\boxed{1}', 'stop', 'labelled');
    expect(v).toMatchObject({ status: 'parsed', score: 1, findings: [], analysis: 'Findings: none' });
  });

  it('falls back to Huang–Yang entries when a small model ignores the line format', () => {
    const text = '**Location:** "we may assume $a \\le b$"\n**Issue:** Justification Gap - the symmetry is not explained.\n\n\\boxed{0.5}';
    expect(parseVerification(text, 'stop', 'labelled').findings).toEqual([
      { severity: 'gap', message: 'the symmetry is not explained.', quote: 'we may assume $a \\le b$' },
    ]);
  });
});

describe('parseMetaVerification', () => {
  it('reads both profiles’ meta-verifier outputs', () => {
    for (const name of ['deepseek.meta-verify', 'labelled.meta-verify']) {
      const m = parseMetaVerification(output(name), 'stop');
      expect(m.status).toBe('parsed');
      expect(m.score).toBe(1);
      expect(m.analysis).not.toContain('\\boxed');
    }
  });

  it('is unparsed when truncated or missing its score', () => {
    expect(parseMetaVerification(output('deepseek.meta-verify'), 'length')).toMatchObject({ status: 'unparsed', reason: 'truncated' });
    expect(parseMetaVerification('The evaluation is accurate.', 'stop')).toMatchObject({ status: 'unparsed', reason: 'no-score' });
  });
});

describe('parseGeneration', () => {
  it('splits the solution and parses the self-evaluation as a verification', () => {
    const g = parseGeneration(output('deepseek.generate'), 'stop', 'deepseek-math-v2');
    expect(g.status).toBe('parsed');
    expect(g.solution.startsWith('Let $c = f(1)$.')).toBe(true);
    expect(g.solution).not.toContain('Self Evaluation');
    expect(g.selfScore).toBe(1);
    expect(g.selfEvaluation).toMatchObject({ status: 'parsed', score: 1, findings: [] });
  });

  it('handles **Solution** headings, reasoning and labelled self-evaluation lines', () => {
    const text = `<think>Try induction. \\boxed{0}</think>
**Solution**

By induction on $n$ the claim holds for all $n \\ge 1$.

**Self Evaluation**

Justification Gap: the base case is not checked | quote: "By induction on $n$"

Based on my evaluation, the final overal score should be:
\\boxed{0.5}`;
    const g = parseGeneration(text, 'stop', 'labelled');
    expect(g.solution).toBe('By induction on $n$ the claim holds for all $n \\ge 1$.');
    expect(g.selfScore).toBe(0.5);
    expect(g.reasoning).toBe('Try induction. \\boxed{0}');
    expect(g.selfEvaluation?.findings).toEqual([
      { severity: 'gap', message: 'the base case is not checked', quote: 'By induction on $n$' },
    ]);
  });

  it('keeps a solution without self-evaluation, with no self score', () => {
    const g = parseGeneration('## Solution\n\nThe claim follows from AM-GM.', 'stop', 'deepseek-math-v2');
    expect(g).toMatchObject({ status: 'parsed', solution: 'The claim follows from AM-GM.', selfEvaluation: null, selfScore: null });
  });

  it('keeps the self-evaluation even when its score is unreadable, with no self score', () => {
    const g = parseGeneration('## Solution\nProof.\n## Self Evaluation\nLooks right to me.', 'stop', 'deepseek-math-v2');
    expect(g.status).toBe('parsed');
    expect(g.selfEvaluation).toMatchObject({ status: 'unparsed', reason: 'no-score' });
    expect(g.selfScore).toBeNull();
  });

  it('is unparsed when cut off, empty, or without a solution', () => {
    const cut = parseGeneration(output('deepseek.generate'), 'length', 'deepseek-math-v2');
    expect(cut).toMatchObject({ status: 'unparsed', reason: 'truncated', selfScore: null, selfEvaluation: null });
    expect(cut.solution.length).toBeGreaterThan(0); // kept for display
    expect(parseGeneration('<think>still thinking', 'stop', 'deepseek-math-v2').reason).toBe('unclosed-think');
    expect(parseGeneration('', 'stop', 'deepseek-math-v2').reason).toBe('empty');
    expect(parseGeneration('## Solution\n\n## Self Evaluation\nNothing to evaluate. \\boxed{0}', 'stop', 'deepseek-math-v2').reason).toBe('no-solution');
  });
});

describe('withoutScoreLine', () => {
  it('removes the introducing line and display delimiters around the box', () => {
    expect(withoutScoreLine('Analysis.\n\nThe final score is:\n\\[\\boxed{1}\\]')).toBe('Analysis.');
    expect(withoutScoreLine('Analysis without a box.')).toBe('Analysis without a box.');
  });
});
