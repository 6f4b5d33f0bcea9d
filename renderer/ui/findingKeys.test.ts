import { describe, expect, it } from 'vitest';
import { clusterFindings, type Annotation } from '../../app/common/annotations';
import { findingKeys } from './AnnotationCell';

// A checker lint finding on `\ge` in text at offset `at`, as the engine's checker writes it (app/check/
// annotations.ts: its id holds the offset).
function lintAt(text: string, at: number): Annotation {
  return {
    id: `check:lint:math-command-in-text:${at}`, stepId: 's1', range: { start: at, end: at + 3 }, severity: 'note',
    message: '\\ge is a math command outside math', quote: text.slice(at, at + 3), mappedBy: 'checker',
    provenance: { source: 'checker', verdict: 'unchecked' },
  };
}

describe('findingKeys', () => {
  it("gives a checker finding the same key when typing above it moves its offsets (and its id)", () => {
    const before = 'Hence \\ge 0.';
    const after = `Thus ${before}`;
    const a = lintAt(before, before.indexOf('\\ge'));
    const b = lintAt(after, after.indexOf('\\ge'));
    expect(a.id).not.toBe(b.id);
    expect(findingKeys(clusterFindings([a]))).toEqual(findingKeys(clusterFindings([b])));
  });

  it('keeps repeated checker findings apart, and the verifier\'s by id', () => {
    const text = '\\ge and \\ge';
    const twice = [lintAt(text, 0), { ...lintAt(text, 8), stepId: 'other-step' }];
    const keys = findingKeys(clusterFindings(twice));
    expect(new Set(keys).size).toBe(2);
    const verifier: Annotation = {
      id: 'v1', stepId: 's1', severity: 'gap', message: 'unjustified', mappedBy: 'label',
      provenance: { source: 'verifier', verdict: 'unchecked' },
    };
    expect(findingKeys(clusterFindings([verifier]))).toEqual(['v1']);
  });
});
