import { describe, expect, it } from 'vitest';
import { inCheckRun, RunCache } from './cache';

describe('RunCache', () => {
  it('outside a run it is an LRU of its limit: a hit keeps an entry, the least recently used goes', () => {
    const cache = new RunCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
    expect(cache.size).toBe(2);
  });

  it('never evicts what the current run used, so a run larger than the limit hits on its second pass', () => {
    const cache = new RunCache<number>(10);
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
    let misses = 0;
    const pass = () => {
      for (const k of keys) {
        if (cache.get(k) === undefined) {
          misses++;
          cache.set(k, 1);
        }
      }
    };
    inCheckRun(() => {
      pass();
      expect(misses).toBe(100);
      pass(); // the same fragments read again later in the same check (context, then computations)
      expect(misses).toBe(100);
    });
    expect(cache.size).toBe(100);
    // The next run keeps using them all: still no misses (a plain LRU would miss on every key here).
    inCheckRun(pass);
    expect(misses).toBe(100);
  });

  it('shrinks back to its limit once later runs insert and no longer use the old entries', () => {
    const cache = new RunCache<number>(10);
    inCheckRun(() => {
      for (let i = 0; i < 100; i++) cache.set(`old${i}`, i);
    });
    inCheckRun(() => cache.set('new', 1));
    expect(cache.size).toBe(10);
    expect(cache.has('new')).toBe(true);
  });
});
