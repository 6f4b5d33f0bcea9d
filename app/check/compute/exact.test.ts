import { describe, expect, it } from 'vitest';
import { compareExact, exactValue, toNumber } from './exact';
import { parseSide } from './parse';
import { judgeRelation } from './judge';

const exact = (tex: string) => {
  const v = exactValue(parseSide(tex));
  return v === null ? null : v.d === 1n ? v.n.toString() : `${v.n}/${v.d}`;
};
const judge = (l: string, op: '=' | '\\ne' | '>', r: string) =>
  judgeRelation(l, op, r, { domains: new Map(), fixed: new Map(), mayFlag: true, symbolic: false, samples: 24 }).status;

describe('exact rational arithmetic for closed relations', () => {
  it('computes integers beyond 2^53 and fractions exactly', () => {
    expect(exact('3^{20}')).toBe('3486784401');
    expect(exact('20!')).toBe('2432902008176640000');
    expect(exact('2^{64} - 1')).toBe('18446744073709551615');
    expect(exact('\\frac{1}{3} + \\frac{1}{6}')).toBe('1/2');
    expect(exact('0.1 + 0.2')).toBe('3/10');
    expect(exact('\\binom{60}{30}')).toBe('118264581564861424');
    expect(exact('\\sqrt{144} + \\sqrt[3]{27}')).toBe('15');
    expect(exact('\\left(\\frac{1}{2}\\right)^{-3}')).toBe('8');
  });

  it('refuses what is not exactly rational or too large (the numeric judge decides those)', () => {
    for (const tex of ['\\pi', '\\sqrt{2}', '2^{1/2}', 'e^2', '\\log 8', '2^{100000}', 'x + 1', '\\frac{1}{0}']) expect(exact(tex), tex).toBeNull();
  });

  it('compares exactly and converts for messages', () => {
    expect(compareExact(exactValue(parseSide('10^{18} + 1'))!, exactValue(parseSide('10^{18}'))!)).toBe(1);
    expect(toNumber(exactValue(parseSide('2^{2000}'))!)).toBe(Infinity);
    expect(toNumber(exactValue(parseSide('\\frac{2^{2000}}{2^{1999}}'))!)).toBe(2);
  });

  it('judges closed relations exactly: a last-digit slip fails, a true \\ne holds', () => {
    expect(judge('3^{20}', '=', '3486784400')).toBe('fails');
    expect(judge('3^{20}', '=', '3486784401')).toBe('holds');
    expect(judge('2^{60} + 1', '\\ne', '2^{60}')).toBe('holds');
    expect(judge('10^{20} + 1', '>', '10^{20}')).toBe('holds');
  });
});
