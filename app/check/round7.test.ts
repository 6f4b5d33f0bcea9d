// Checker break-it round 7 (corpus/realistic r69–r88, s60–s69): each kind a whole proof showed, read
// back through the Checker as the CLI and the report do.
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';
import { relationPairs } from './compute/chains';
import type { ComputationFinding } from './types';

const check = (text: string): ComputationFinding[] => new Checker({ symbolic: false }).check({ text, format: 'markdown' }).computations;
const find = (text: string, left: string) => check(text).find((c) => c.left.replace(/\s+/g, '') === left.replace(/\s+/g, ''));

describe('\\big( … \\big) without a side', () => {
  it('closes at \\big), so the relation after it is read and a slip in it fails', () => {
    const text = 'For all real $x$,\n$$2\\big((1-x)^2 - 4(1-x) + 2\\big) = 2x^2 + 4x + 2.$$\n';
    const f = find(text, '2\\big((1-x)^2 - 4(1-x) + 2\\big)');
    expect(f?.status).toBe('fails');
    expect(find(text.replace('4x + 2.', '4x - 2.'), '2\\big((1-x)^2 - 4(1-x) + 2\\big)')?.status).toBe('holds');
  });

  it('splits a chain after \\Big[ … \\Big] at its relation', () => {
    expect(relationPairs('\\Big[x + 1\\Big]^2 = x^2 + 2x + 1', 0).map((p) => `${p.left.tex} ${p.op} ${p.right.tex}`)).toEqual(['\\Big[x + 1\\Big]^2 = x^2 + 2x + 1']);
  });
});
