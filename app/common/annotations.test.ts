// One finding across samples (issue 11, item 5), and only across samples: the same defect stated by m
// verifier samples is one finding "k of m"; two findings of one sample, or two of the checker (which is
// not sampled) at two places in a step, stay two (a reviewer saw two unclosed `$` in one step shown as
// one marker saying "checker · 2 samples").
import { describe, expect, it } from 'vitest';
import { clusterFindings, describeCluster, type Annotation } from './annotations';

const at = (id: string, start: number, source: 'verifier' | 'checker', sample?: number): Annotation => ({
  id, stepId: 's1', severity: 'minor', message: '`$` opens math that is never closed', quote: '$', range: { start, end: start + 1 },
  mappedBy: 'quote', provenance: { source, verdict: source === 'checker' ? 'unchecked' : 'confirmed', ...(sample === undefined ? {} : { sample }) },
});

describe('clusterFindings', () => {
  it('the checker: two findings with one message at two places are two findings, not "2 samples"', () => {
    const clusters = clusterFindings([at('c1', 44, 'checker'), at('c2', 47, 'checker')]);
    expect(clusters.map((c) => c.members.map((m) => m.id))).toEqual([['c1'], ['c2']]);
    for (const c of clusters) expect(describeCluster(c, 4)).not.toMatch(/sample/);
  });

  it('the verifier: one finding stated by 4 samples is one, "4 of 4 samples"', () => {
    const clusters = clusterFindings([0, 1, 2, 3].map((s) => at(`v${s}`, 10, 'verifier', s)));
    expect(clusters).toHaveLength(1);
    expect(describeCluster(clusters[0]!, 4)).toMatch(/4 of 4 samples \(1, 2, 3, 4\)/);
  });

  it('the verifier: one sample stating it twice (two places) gives two findings, each met by the other samples once', () => {
    const clusters = clusterFindings([at('a0', 10, 'verifier', 0), at('b0', 30, 'verifier', 0), at('a1', 10, 'verifier', 1), at('b1', 30, 'verifier', 1)]);
    expect(clusters.map((c) => c.members.map((m) => m.id))).toEqual([['a0', 'a1'], ['b0', 'b1']]);
  });
});
