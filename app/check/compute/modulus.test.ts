import { describe, expect, it } from 'vitest';
import { Checker } from '../checker';
import type { ComputationFinding } from '../types';
import { relationPairs } from './chains';
import { judgeRelation } from './judge';
import { modulusFor, readModulus, texModuli } from './modulus';

const ops = (tex: string) => relationPairs(tex, 0).map((p) => `${p.left.tex} ${p.op} ${p.right.tex}`);

function check(text: string, format: 'markdown' | 'tex' = 'markdown'): ComputationFinding[] {
  return new Checker().check({ text, format }).computations;
}

const statuses = (found: ComputationFinding[], left: string, right: string) => found.filter((f) => f.left === left && f.right === right).map((f) => f.status);
const verdict = (found: ComputationFinding[], left: string, right: string) => found.filter((f) => f.left === left && f.right === right).map((f) => f.status);

describe('congruence chains (chains.ts)', () => {
  it('reads \\equiv, \\not\\equiv and ≡ as relations and the \\pmod annotation as no term', () => {
    expect(ops('5^2 = 25 \\equiv 5 \\pmod 7')).toEqual(['5^2 = 25', '25 \\equiv 5']);
    expect(ops('3^2 = 9 \\not\\equiv 1 \\pmod{8}')).toEqual(['3^2 = 9', '9 \\not\\equiv 1']);
    expect(ops('2^3 ≡ 1 (mod 7)')).toEqual(['2^3 \\equiv 1 (mod 7)']);
  });

  it('keeps a chain across aligned rows that each carry their modulus', () => {
    expect(ops('7^4 &= (7^2)^2 \\pmod{11} \\\\ &\\equiv 5^2 \\pmod{11} \\\\ &\\equiv 3 \\pmod{11}')).toEqual(['7^4 = (7^2)^2', '(7^2)^2 \\equiv 5^2', '5^2 \\equiv 3']);
  });
});

describe('an = link of a congruence chain that is true as integers', () => {
  it('holds exactly, not "under modulo m" (3^4 = 81 is arithmetic, 81 ≡ 4 is the congruence)', () => {
    const found = check('Then $3^4 = 81 \\equiv 4 \\pmod 7$.');
    const link = found.find((f) => f.left === '3^4' && f.right === '81')!;
    expect(link.status).toBe('holds');
    expect(link.hypotheses ?? []).toEqual([]);
    expect(link.message).not.toContain('modulo');
    const congruence = found.find((f) => f.left === '81' && f.right === '4')!;
    expect(congruence.message).toContain('modulo 7');
  });
});

describe('moduli (modulus.ts)', () => {
  it('reads numbers, names and unreadable arguments in every spelling, in order', () => {
    const read = (tex: string) => texModuli(tex).map((t) => t.m ?? t.name);
    expect(read('a \\equiv b \\pmod{7}')).toEqual([7]);
    expect(read('a \\equiv b \\pmod 12')).toEqual([12]);
    expect(read('a \\equiv 1 \\quad (\\mathrm{mod}\\ 11)')).toEqual([11]);
    expect(read('a \\equiv 1 \\; (\\text{mod } 9)')).toEqual([9]);
    expect(read('a \\equiv 1 \\pmod{p}')).toEqual(['p']);
    expect(read('a \\equiv 1 \\pmod{2k+1}')).toEqual([null]);
    expect(read('11 = 2 \\text{ in } \\mathbb{Z}_9')).toEqual([9]);
  });

  it('gives each relation the modulus that closes its chain', () => {
    const tex = '2^2 \\equiv 1 \\pmod 3, \\quad 3^2 \\equiv 4 \\pmod 5';
    const reading = readModulus(tex, '', '')!;
    const [first, second] = relationPairs(tex, 0);
    expect(modulusFor(reading, first.right.start)?.m).toBe(3);
    expect(modulusFor(reading, second.right.start)?.m).toBe(5);
  });

  it('takes the sentence modulus when the formula has none, noting whether it is the only one', () => {
    expect(readModulus('25 \\equiv 4', 'Working modulo $7$, ', '')?.inText).toEqual({ m: 7, one: true });
    expect(readModulus('2^4 \\equiv 1', 'Modulo 3 and modulo 5 we get ', '')?.inText).toEqual({ m: 3, one: false });
    expect(readModulus('x = 1', 'Hence ', '')).toBeNull();
  });
});

describe('congruences judged link by link (index.ts judgeCongruence)', () => {
  it('checks = links as residues and \\equiv links modulo m, showing the residues of a wrong link', () => {
    const found = check('Hence $$5^2 = 25 \\equiv 5 \\pmod 7 .$$');
    expect(verdict(found, '5^2', '25')).toEqual(['holds']);
    const wrong = found.find((f) => f.right === '5')!;
    expect(wrong.status).toBe('fails');
    expect(wrong.message).toContain('left side = 25 ≡ 4, right side = 5 ≡ 5 (mod 7)');
  });

  it('checks a second chain of the same display under its own modulus', () => {
    const found = check('So $$2^2 \\equiv 1 \\pmod 3, \\qquad 3^2 \\equiv 4 \\pmod 5 .$$');
    expect(found.map((f) => f.status)).toEqual(['holds', 'holds']);
  });

  it('leaves a name as modulus unchecked until the text gives it a value', () => {
    expect(verdict(check('Then $$3^{6} \\equiv 1 \\pmod{p} .$$'), '3^{6}', '1')).toEqual(['unchecked']);
    expect(verdict(check('Take $p = 5$. Then $$3^{6} \\equiv 2 \\pmod{p} .$$'), '3^{6}', '2')).toEqual(['fails']);
  });

  it('never fails an = link whose modulus only the sentence names, but fails a wrong \\equiv there', () => {
    expect(verdict(check('Working modulo $9$, $$10^{2} = 2 .$$'), '10^{2}', '2')).toEqual(['unchecked']);
    expect(verdict(check('Working modulo $9$, $$10^{2} \\equiv 2 .$$'), '10^{2}', '2')).toEqual(['fails']);
    expect(verdict(check('Modulo $3$ and modulo $5$, $$2^{4} \\equiv 2 .$$'), '2^{4}', '2')).toEqual(['unchecked']);
  });

  it('leaves \\equiv without any modulus unchecked (an identity sign)', () => {
    expect(verdict(check('Then $$f(x) + 1 \\equiv 2 f(x) .$$'), 'f(x) + 1', '2 f(x)')).toEqual(['unchecked']);
  });
});

describe('congruences with variables (judge.ts, modulus option)', () => {
  const options = { domains: new Map(), fixed: new Map(), mayFlag: true, symbolic: false, samples: 24 };

  it('samples integers and compares residues', () => {
    expect(judgeRelation('n^3', '\\equiv', 'n', { ...options, modulus: 6 }).status).toBe('holds');
    // n^2 - n - 1 = n(n-1) - 1 is odd for every integer n.
    const wrong = judgeRelation('n^2', '\\equiv', 'n + 1', { ...options, modulus: 2 });
    expect(wrong.status).toBe('fails');
    expect(wrong.reason).toBe('not congruent modulo 2');
    // n^2 ≡ n modulo 4 holds for half the residues: more likely a condition the text implies than a slip.
    expect(judgeRelation('n^2', '\\equiv', 'n', { ...options, modulus: 4 }).status).toBe('unchecked');
  });

  it('says nothing where a side is not an integer', () => {
    // Integers only at n = 3, 6, 9: too few points to call it false.
    expect(judgeRelation('\\frac{n}{3}', '\\equiv', '\\frac{n}{3} + 1', { ...options, modulus: 2 }).status).toBe('unchecked');
  });

  it('doubts a congruence whose variables an equation of the text ties through another integer', () => {
    // a^2 + b^2 = 3c^2 makes a^2 + b^2 ≡ 0 modulo 3 whatever c is: sampling a and b freely would be wrong.
    const found = check('Suppose $a^2 + b^2 = 3c^2$ with integers $a, b, c$. Reducing, $$a^2 + b^2 \\equiv 3a \\pmod 3 .$$');
    expect(statuses(found, 'a^2 + b^2', '3a')).toEqual(['unchecked']);
  });

  it('samples inside a class stated as a hypothesis', () => {
    const found = check('Suppose $x \\equiv 3 \\pmod 7$. Then $$x^2 \\equiv 2 \\pmod 7 ,$$ and $$x^3 + 1 \\equiv x^2 + 2x \\pmod 7 .$$');
    expect(verdict(found, 'x^2', '2')).toEqual(['holds']);
    // 27 + 1 = 28 ≡ 0 but 9 + 6 = 15 ≡ 1 modulo 7 at x = 3.
    expect(verdict(found, 'x^3 + 1', 'x^2 + 2x')).toEqual(['fails']);
  });
});
