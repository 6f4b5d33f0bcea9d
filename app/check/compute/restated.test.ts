import { describe, expect, it } from 'vitest';
import { Checker } from '../checker';
import type { ComputationFinding } from '../types';
import { flagRestatedSlips, relationKey, type FragmentFinding } from './restated';

function check(text: string): ComputationFinding[] {
  return new Checker().check({ text, format: 'markdown' }).computations;
}

const statuses = (found: ComputationFinding[], left: string, right: string) => found.filter((f) => f.left === left && f.right === right).map((f) => f.status);

describe('one relation however it is written (relationKey)', () => {
  it('ignores spacing, \\left/\\right and the side an equality or inequality is written from', () => {
    expect(relationKey('(a+b)^2', '=', 'a^2+b^2')).toBe(relationKey('a^2 + b^2', '=', '\\left(a+b\\right)^2'));
    expect(relationKey('x', '<', 'y')).toBe(relationKey('y', '>', 'x'));
    expect(relationKey('x', '\\le', 'y')).not.toBe(relationKey('x', '\\ge', 'y'));
    expect(relationKey('x', '=', 'y')).not.toBe(relationKey('x', '\\equiv', 'y'));
  });
});

describe('a slip written again (flagRestatedSlips)', () => {
  const finding = (over: Partial<FragmentFinding>): FragmentFinding => ({
    id: 'x', stepId: null, op: '=', left: 'a', right: 'b', range: { start: 0, end: 1 }, status: 'unchecked', message: 'm', ...over,
  });

  it('promotes an inline copy only where another copy fails, and never leaks ifClaimed', () => {
    const ifClaimed = { message: 'Computation fails', counterexample: { assignment: { a: 1 }, left: 1, right: 2 }, points: 24 };
    const out = flagRestatedSlips([finding({ status: 'fails' }), finding({ reason: 'stated as an equation or hypothesis', ifClaimed })]);
    expect(out.map((f) => f.status)).toEqual(['fails', 'fails']);
    expect(out[1].message).toBe('Computation fails');
    expect(out.every((f) => !('ifClaimed' in f))).toBe(true);
    expect(flagRestatedSlips([finding({ ifClaimed })])[0].status).toBe('unchecked');
  });

  it('fails at every copy: displayed, restated inline, displayed again', () => {
    const found = check('Let $a, b$ be positive reals. Expanding, $$(a+b)^2 = a^2 + b^2 .$$ Therefore $(a+b)^2 = a^2 + b^2$ and so $$(a+b)^2 = a^2 + b^2 .$$');
    expect(statuses(found, '(a+b)^2', 'a^2 + b^2')).toEqual(['fails', 'fails', 'fails']);
  });

  it('keeps a restated hypothesis constraining: never failing, never holding under itself', () => {
    const found = check('Suppose that $x^2 + y^2 = 2xy$. Recall $x^2 + y^2 = 2xy$, that is $$x^2 + y^2 = 2xy .$$');
    expect(statuses(found, 'x^2 + y^2', '2xy').every((s) => s === 'unchecked')).toBe(true);
    const bound = check('Assume $a^2 < 2a$. Then $$a^2 < 2a .$$');
    expect(statuses(bound, 'a^2', '2a')).toEqual(['unchecked', 'unchecked']);
  });

  it('keeps an equation the proof derived from its own equations constraining a later copy', () => {
    const found = check('Adding (1) and (2) we get $x + y = xy$. Hence\n$$xy = x + y .$$');
    expect(statuses(found, 'xy', 'x + y')).toEqual(['unchecked']);
  });

  it('leaves an inline relation that holds in its own setting alone, whatever fails elsewhere', () => {
    const found = check('**Case $n$ even.** So $(-1)^{n} n = n$.\n\n**Case $n$ odd.** Then $$(-1)^{n} n = n .$$');
    expect(statuses(found, '(-1)^{n} n', 'n')).toEqual(['holds', 'fails']);
  });
});
