// The checker's pushes as changes (issue 11): applying the delta to the findings of the push before
// gives exactly the new findings, whatever was kept, moved, changed, added, removed or reordered; a
// key that only moves findings sends numbers, not findings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation } from './annotations';
import { applyCheckerDelta, checkerDelta } from './checkerDelta';

const finding = (id: string, start?: number, message = `claim ${id} does not hold`): Annotation => ({
  id, stepId: `s${id}`, severity: 'critical', message, quote: `$${id}$`, mappedBy: 'quote', provenance: { source: 'checker', verdict: 'unchecked' },
  ...(start === undefined ? {} : { range: { start, end: start + 3 } }),
});

describe('checkerDelta', () => {
  it('a key before every finding: each goes as [index, start, end], and the delta rebuilds the list', () => {
    const base = Array.from({ length: 50 }, (_, i) => finding(`c${i}`, 100 + 10 * i));
    const next = base.map((a) => ({ ...a, range: { start: a.range!.start + 1, end: a.range!.end + 1 } }));
    const entries = checkerDelta(base, next)!;
    expect(entries.every((e) => Array.isArray(e) && e.length === 3)).toBe(true);
    expect(applyCheckerDelta(base, entries)).toEqual(next);
    expect(JSON.stringify(entries).length).toBeLessThan(JSON.stringify(next).length / 10);
  });

  it('unchanged findings are the base push\'s own objects', () => {
    const base = [finding('a', 5), finding('b'), finding('c', 40)];
    const next = [base[0]!, { ...base[1]! }, { ...base[2]!, message: 'something else' }];
    const entries = checkerDelta(base, next)!;
    expect(entries.slice(0, 2)).toEqual([[0], [1]]);
    expect(entries[2]).toEqual(next[2]);
    const rebuilt = applyCheckerDelta(base, entries);
    expect(rebuilt[0]).toBe(base[0]);
    expect(rebuilt[1]).toBe(base[1]);
    expect(rebuilt).toEqual(next);
  });

  it('nothing kept: no delta (the whole list is as small)', () => {
    expect(checkerDelta([finding('a', 1)], [finding('b', 1)])).toBeNull();
  });

  it('a delta against other findings than the base is refused, not misapplied', () => {
    expect(() => applyCheckerDelta([finding('a', 1)], [[3, 0, 1]])).toThrow(/finding 3 of a push that has 1/);
  });

  it('property: apply(base, delta(base, next)) equals next for random edits of the list', () => {
    const item = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), start: fc.option(fc.nat(200), { nil: undefined }), msg: fc.constantFrom('x', 'y') });
    const list = fc.uniqueArray(item, { selector: (x) => x.id, maxLength: 6 }).map((xs) => xs.map((x) => finding(x.id, x.start, x.msg)));
    fc.assert(fc.property(list, list, (base, next) => {
      const entries = checkerDelta(base, next);
      if (entries) expect(applyCheckerDelta(base, entries)).toEqual(next);
    }), { seed: 11, numRuns: 2000 });
  });
});
