import { describe, expect, it } from 'vitest';
import { parseHuangYangFindings, parseLabelledFindings, parseMetaFindingVerdicts, parseQuotedIssues } from './findings';

describe('parseLabelledFindings', () => {
  it('reads label, severity, message and quote', () => {
    const text = [
      'Findings:',
      '[S3] Critical Error: the inequality is reversed after multiplying by $x - 1 < 0$ | quote: "multiplying by $x - 1$ gives"',
      '[S7] Justification Gap: continuity is used but never proved | quote: "by continuity of $f$"',
      '[S9] Minor: the final constant is misprinted | quote: "$c = f(0)$"',
    ].join('\n');
    expect(parseLabelledFindings(text)).toEqual([
      { stepLabel: 'S3', severity: 'critical', message: 'the inequality is reversed after multiplying by $x - 1 < 0$', quote: 'multiplying by $x - 1$ gives' },
      { stepLabel: 'S7', severity: 'gap', message: 'continuity is used but never proved', quote: 'by continuity of $f$' },
      { stepLabel: 'S9', severity: 'minor', message: 'the final constant is misprinted', quote: '$c = f(0)$' },
    ]);
  });

  it('tolerates bullets, bold, other label spellings, dashes and curly quotes', () => {
    const text = [
      '- **[S4] Justification Gap:** the case $n = 0$ is skipped | quote: “for all $n \\ge 1$”',
      '2. S5 - Critical error - wrong sign',
      '* [Step 6] gap: "clearly" hides the main estimate',
    ].join('\n');
    expect(parseLabelledFindings(text)).toEqual([
      { stepLabel: 'S4', severity: 'gap', message: 'the case $n = 0$ is skipped', quote: 'for all $n \\ge 1$' },
      { stepLabel: 'S5', severity: 'critical', message: 'wrong sign' },
      { stepLabel: 'S6', severity: 'gap', message: '"clearly" hides the main estimate' },
    ]);
  });

  it('accepts lines without a label (self-evaluations) and skips everything else', () => {
    const text = [
      'Findings: none',
      'The proof is careful. The gap in S2 is only apparent.',
      'Justification Gap: the limit is exchanged with the sum | quote: "summing term by term"',
      '[S2] looks fine',
      'Gap-free argument in S4.',
      'Based on my evaluation, the final overal score should be:',
    ].join('\n');
    expect(parseLabelledFindings(text)).toEqual([
      { severity: 'gap', message: 'the limit is exchanged with the sum', quote: 'summing term by term' },
    ]);
  });
});

describe('parseHuangYangFindings', () => {
  it('reads the List of Findings with locations and classified issues', () => {
    const text = `**Summary**

**Final Verdict:** The solution is **invalid** because it contains a Critical Error.

**List of Findings:**
*   **Location:** "By interchanging the limit and the sum, we get $S = 1$"
    *   **Issue:** Justification Gap - The interchange is not justified; uniform convergence is not shown.
*   **Location:** "From $a > b$ and $c > d$ it follows that $a - c > b - d$"
    *   **Issue:** **Critical Error** - Subtracting inequalities this way is invalid, and the rest of the argument depends on it.
*   **Location:** "the last display"
    *   **Issue:** a notational remark, not an error.

**Detailed Verification Log**

*   "From $a > b$ and $c > d$ it follows that $a - c > b - d$" This is a Critical Error.`;
    expect(parseHuangYangFindings(text)).toEqual([
      {
        severity: 'gap',
        message: 'The interchange is not justified; uniform convergence is not shown.',
        quote: 'By interchanging the limit and the sum, we get $S = 1$',
      },
      {
        severity: 'critical',
        message: 'Subtracting inequalities this way is invalid, and the rest of the argument depends on it.',
        quote: 'From $a > b$ and $c > d$ it follows that $a - c > b - d$',
      },
    ]);
  });

  it('accepts an unquoted location and the classification after the message', () => {
    const text = '- Location: the induction step for $n+1$\n  Issue: the hypothesis is applied to $n+2$ (Critical Error)';
    expect(parseHuangYangFindings(text)).toEqual([
      { severity: 'critical', message: 'the hypothesis is applied to $n+2$', quote: 'the induction step for $n+1$' },
    ]);
  });

  it('finds nothing in a text without locations', () => {
    expect(parseHuangYangFindings('There is a Critical Error in the proof.')).toEqual([]);
  });
});

describe('parseQuotedIssues', () => {
  it('takes quoted fragments from sentences that call them wrong or unjustified', () => {
    const text = `Here is my evaluation of the solution:
The first part is fine. The step "Clearly, the sequence is bounded" is not justified: no bound is given.
The identity \`a_{n+1} = 2a_n + 1\` is incorrect; it should be $a_{n+1} = 2a_n - 1$.
Finally, the step $x^2 + 1 \\ge 2x$ is used without proof, which is a gap.`;
    expect(parseQuotedIssues(text)).toEqual([
      { severity: 'gap', message: 'The step "Clearly, the sequence is bounded" is not justified: no bound is given.', quote: 'Clearly, the sequence is bounded' },
      { severity: 'critical', message: 'The identity `a_{n+1} = 2a_n + 1` is incorrect; it should be $a_{n+1} = 2a_n - 1$.', quote: 'a_{n+1} = 2a_n + 1' },
      { severity: 'gap', message: 'Finally, the step $x^2 + 1 \\ge 2x$ is used without proof, which is a gap.', quote: 'x^2 + 1 \\ge 2x' },
    ]);
  });

  it('does not invent findings from praise, negations or unquoted criticism', () => {
    const text = [
      'The step "Setting $x = y = 0$" is correct.',
      'There is no gap in "the induction on $n$".',
      'The argument is incomplete somewhere in the middle.',
      'The bound $a < 2$ holds.',
    ].join('\n');
    expect(parseQuotedIssues(text)).toEqual([]);
  });
});

describe('parseQuotedIssues on the released deepseek-math-v2 phrasing (rev19 F4)', () => {
  // One sentence each, in the shape of the released model's free-text analyses.
  const Q = '"$N \\equiv -1 \\equiv 3 \\pmod 4$"';
  const defects: [string, 'gap' | 'critical'][] = [
    [`The step ${Q} contains a minor omission.`, 'gap'],
    [`The first part is fine, but the step ${Q} is not justified.`, 'gap'],
    [`The claim "would satisfy $N \\equiv 1 \\pmod 4$" relies on closure under multiplication, which the solution does not prove.`, 'gap'],
    [`The step ${Q} is stated without justification.`, 'gap'],
    [`The solution fails to justify the claim ${Q}.`, 'gap'],
    [`The argument is correct overall; however, the step ${Q} is not fully justified.`, 'gap'],
    [`The assertion ${Q} is not rigorously proven.`, 'gap'],
    [`There are several omissions, most notably in ${Q}.`, 'gap'],
    [`The step ${Q} is incorrect.`, 'critical'],
    [`While the setup is valid, the congruence ${Q} is wrong.`, 'critical'],
    [`The solution skips the verification of ${Q}.`, 'gap'],
  ];
  const praise = [
    `The step ${Q} is correct.`,
    `The step ${Q} is not incorrect.`,
    `There are no issues with ${Q}.`,
    `The proof is complete and rigorous, including the step ${Q}.`,
    `The claim ${Q} is correctly derived from the previous line.`,
    `Nothing is missing in the step ${Q}.`,
    `The step ${Q} is fully justified.`,
    `There is no gap in ${Q}; the argument is sound.`,
    `The congruence ${Q} follows directly from $p_i \\equiv 1 \\pmod 4$.`,
    `The step ${Q} is valid, and the rest of the proof is fine.`,
    `I found no errors or omissions in ${Q}.`,
  ];
  it.each(defects)('names a defect: %s', (sentence, severity) => {
    const found = parseQuotedIssues(`Here is my evaluation of the solution:\n\n${sentence}`);
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe(severity);
    expect(found[0].quote).toMatch(/N \\equiv/);
  });
  it.each(praise)('stays silent on praise: %s', (sentence) => {
    expect(parseQuotedIssues(`Here is my evaluation of the solution:\n\n${sentence}`)).toEqual([]);
  });
});

describe('parseQuotedIssues: a quoted term is not a quote of the proof (rev20 F7)', () => {
  // Free-text analyses in the released model's shape: curly quotes both quote the proof and mark a term.
  it('takes a quote of a step in curly quotes, past an emphasised word before it', () => {
    const text = `Here is my evaluation of the solution:

The solution's “obvious” step “Since $f$ is monotone, it is injective” is not justified: monotone need not mean strictly monotone.
The author writes “hence every term is at most $2$”, but this bound is never proved.
The inequality “a_n ≤ 2” is used without proof.`;
    expect(parseQuotedIssues(text).map((f) => [f.severity, f.quote])).toEqual([
      ['gap', 'Since $f$ is monotone, it is injective'],
      ['gap', 'hence every term is at most $2$'],
      ['gap', 'a_n ≤ 2'],
    ]);
  });

  it('reads no quote from emphasis or a named term, so no card shows a quote the model never gave', () => {
    const sentences = [
      'The “obvious” step in the middle of the proof is not justified.',
      'What the author calls “the key lemma” is never proved.',
      'The so-called “telescoping argument” is incomplete.',
      'The “reduction” to the case $n$ odd is not explained at all.',
      'The proof relies on a “well-known” fact which is not proved.',
      'This “clearly” is a gap: the bound needs an argument.',
    ];
    for (const sentence of sentences) expect(parseQuotedIssues(`Here is my evaluation of the solution:\n\n${sentence}`), sentence).toEqual([]);
  });

  it('keeps the quote of a step that follows a named term in the same sentence', () => {
    const found = parseQuotedIssues('What the author calls “the key lemma”, namely “every prime factor of $N$ is $3 \\bmod 4$”, is not proved.');
    expect(found).toHaveLength(1);
    expect(found[0].quote).toBe('every prime factor of $N$ is $3 \\bmod 4$');
  });

  it('still takes a short quote in backticks (code or math, never emphasis)', () => {
    expect(parseQuotedIssues('The identity `f(0)` is wrong.')[0]?.quote).toBe('f(0)');
  });
});

describe('quotes', () => {
  it('keeps quotes nested inside a quoted location and drops end ellipses', () => {
    const labelled = parseLabelledFindings('[S2] Justification Gap: hand-waving | quote: "the "clearly" bounded sequence"');
    expect(labelled[0].quote).toBe('the "clearly" bounded sequence');
    const hy = parseHuangYangFindings('* **Location:** "...by interchanging the limit and the integral, we get…"\n  * **Issue:** Justification Gap - no uniform convergence.');
    expect(hy[0].quote).toBe('by interchanging the limit and the integral, we get');
  });
});

describe('parseMetaFindingVerdicts', () => {
  it('reads per-defect verdicts by label or by quote', () => {
    const text = [
      '[S8] confirmed: the step never uses continuity.',
      '- **[S3] disputed** - the bound is proved two lines earlier',
      '"by continuity of $f$" Disputed: continuity is a hypothesis of the problem',
      'The score 0.5 fits.',
    ].join('\n');
    expect(parseMetaFindingVerdicts(text)).toEqual([
      { stepLabel: 'S8', verdict: 'confirmed', reason: 'the step never uses continuity.' },
      { stepLabel: 'S3', verdict: 'disputed', reason: 'the bound is proved two lines earlier' },
      { quote: 'by continuity of $f$', verdict: 'disputed', reason: 'continuity is a hypothesis of the problem' },
    ]);
  });
});
