import { describe, expect, it } from 'vitest';
import { Checker } from '../checker';
import type { ComputationFinding } from '../types';
import { caseAnalysisEnds, caseBoundaries, caseScopeEnd, parityStated } from './facts';
import { candidates } from './sample';

function check(text: string): ComputationFinding[] {
  return new Checker().check({ text, format: 'markdown' }).computations;
}

const statuses = (found: ComputationFinding[], left: string, right: string) => found.filter((f) => f.left === left && f.right === right).map((f) => f.status);

describe('case headings (facts.ts)', () => {
  it('finds headings that name their assumption, where a heading stands', () => {
    const at = (text: string) => caseBoundaries(text).map((i) => text.slice(i).replace(/^[\s.*_]*/, '').slice(0, 6));
    expect(at('We split. **Case $n$ even.** … **Case $n$ odd.** …')).toEqual(['Case $', 'Case $']);
    expect(at('Case: $x < 0$. Then …\n\\item[\\textbf{Case \\(n\\) odd}] …')).toEqual(['Case: ', '\\textb']);
    expect(at('**Case 2:** $n$ is odd. Case 1 ($x \\ge 0$).')).toEqual(['Case 2', 'Case 1']);
    // A mention in a sentence is no heading.
    expect(caseBoundaries('the case $n = 1$ is clear')).toEqual([]);
  });

  it('ends an assumption at the next case or at the end of the case analysis, never outside one', () => {
    const text = 'Intro. Case 1: a. Case 2: b. In both cases c. Case 3: d.';
    const starts = caseBoundaries(text);
    const ends = caseAnalysisEnds(text);
    expect(caseScopeEnd(starts, ends, text.indexOf('a.'))).toBe(starts[1]);
    expect(caseScopeEnd(starts, ends, text.indexOf('b.'))).toBe(ends[0]);
    // After the analysis: until a case opens again.
    expect(caseScopeEnd(starts, ends, text.indexOf('c.'))).toBe(starts[2]);
    expect(caseScopeEnd(starts, ends, text.indexOf('d.'))).toBe(Infinity);
    expect(caseScopeEnd(starts, ends, text.indexOf('Intro'))).toBe(Infinity);
  });
});

describe('parity said in words (parityStated)', () => {
  it('reads an assumed parity of names or of an expression, for the case or the paragraph', () => {
    expect(parityStated('n', false, '**Case ', '$ even.** Then')).toMatchObject({ r: 0, scope: 'case', sides: [{ tex: 'n' }] });
    expect(parityStated('n', false, 'Let ', '$ be an odd integer.')).toMatchObject({ r: 1, scope: 'case' });
    expect(parityStated('m, n', false, 'Suppose ', '$ are both odd.')?.sides.map((s) => s.tex)).toEqual(['m', 'n']);
    expect(parityStated('n', false, 'If ', '$ is even, then')).toMatchObject({ r: 0, scope: 'paragraph' });
    expect(parityStated('2n + 1', false, 'Let it hold for $n$; adding the next odd number $', '$,')).toMatchObject({ r: 1, sides: [{ tex: '2n + 1', variables: ['n'] }] });
  });

  it('reads no parity from a goal, a consequence, a choice or a display', () => {
    expect(parityStated('n^2 + n', false, 'We show that ', '$ is even.')).toBeNull();
    expect(parityStated('n^2', false, 'If $n$ is even then ', '$ is even.')).toBeNull();
    expect(parityStated('n', false, 'Let ', '$ be even or odd.')).toBeNull();
    expect(parityStated('m', false, 'If ', '$ is odd or $n$ is odd, then')).toBeNull();
    expect(parityStated('n^2', false, 'Note ', '$ is even if and only if $n$ is.')).toBeNull();
    expect(parityStated('n', true, 'Case ', ' even')).toBeNull();
  });

  it('samples one residue class (sample.ts)', () => {
    expect(candidates({ integer: true, stated: true, residue: { m: 2, r: 1 } })!.nice.every((v) => v % 2 === 1)).toBe(true);
    expect(candidates({ integer: true, stated: true, lower: 1, residue: { m: 4, r: 3 } })!.nice.length).toBeGreaterThanOrEqual(6);
  });
});

describe('a case assumption holds in its case only', () => {
  const proof = [
    'We compute for an integer $n \\ge 1$.',
    '',
    '**Case $n$ even.** Then $$(-1)^{n} n = n .$$',
    '',
    '**Case $n$ odd.** Likewise $$(-1)^{n} n = n .$$',
    '',
    'In both cases we multiply by $n$: $$(-1)^{n} n^{2} = n^{2} .$$',
  ].join('\n');

  it('holds in the even case, fails in the odd one, and neither assumption reaches past "In both cases"', () => {
    const found = check(proof);
    expect(statuses(found, '(-1)^{n} n', 'n')).toEqual(['holds', 'fails']);
    expect(found.find((f) => f.status === 'fails')!.message).toContain('n \\equiv 1 \\pmod{2}');
    expect(statuses(found, '(-1)^{n} n^{2}', 'n^{2}')).not.toContain('holds');
  });

  it('was not a case boundary before: the even case leaked into the odd one (V-h35)', () => {
    const found = check('We split by parity. **Case $n$ even.** Take for instance $n = 2$: then $n^2 = 4$. **Case $n$ odd.** Then\n$$(n+1)^2 = 3n + 3 .$$');
    expect(statuses(found, '(n+1)^2', '3n + 3')).toEqual(['fails']);
  });

  it('ends a parity from "if" where the proof takes the variable up afresh', () => {
    const found = check('If $n$ is even, then $(-1)^n = 1$. Now for arbitrary $n$,\n$$(-1)^{n} n^{2} = n^{2} .$$');
    expect(statuses(found, '(-1)^{n} n^{2}', 'n^{2}')).not.toContain('holds');
  });
});
