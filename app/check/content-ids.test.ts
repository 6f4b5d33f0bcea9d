// Checker annotation ids say what a finding is about, not where it is (issue 11: a dismissed checker
// finding came back once a line was typed above it, because its id held its offset).
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';

const proof = `Let $n = 2k$. Then we compute\n\n$$2 + 2 = 5.$$\n\nAlso $\\frac{1}{2$ and $\\frac{1}{2$ again.\n`;

function ids(text: string) {
  return new Checker({ symbolic: true }).check({ text, format: 'markdown' }).annotations.map((a) => ({ id: a.id, message: a.message, start: a.range?.start }));
}

describe('checker annotation ids', () => {
  it('stay the same when text above the findings moves them, and the places do move', () => {
    const before = ids(proof);
    const after = ids(`A new first line typed above.\n\n${proof}`);
    expect(before.length).toBeGreaterThan(1);
    expect(after.map((a) => a.id)).toEqual(before.map((a) => a.id));
    expect(after.map((a) => a.start)).not.toEqual(before.map((a) => a.start));
  });

  it('are unique, keep the lint and calc prefixes, and number repeats of one finding in document order', () => {
    const found = ids(proof);
    expect(new Set(found.map((a) => a.id)).size).toBe(found.length);
    expect(found.some((a) => a.id.startsWith('check:calc:'))).toBe(true);
    const lint = found.filter((a) => a.id.startsWith('check:lint:'));
    expect(lint.length).toBeGreaterThanOrEqual(2);
    expect(lint.every((a) => /^check:lint:[a-z-]+:[0-9a-z]{1,7}(~\d+)?$/.test(a.id))).toBe(true);
    // The two identical unclosed fractions: the second is the first's id with ~1.
    const repeated = lint.filter((a) => a.message === lint[0].message);
    if (repeated.length === 2) expect(repeated[1].id).toBe(`${repeated[0].id}~1`);
  });
});
