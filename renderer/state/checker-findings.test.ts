// The checker's pushes on the workbench's side (issue 11): a push sent as a change is applied to the
// findings of the push before it; one whose base this page never got (it connected or switched
// documents since) is not guessed at: the page asks the engine for the whole list.
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../app/common/annotations';
import type { EngineApi } from '../../app/common/contract';
import { onCheckerFindings, useWorkbench } from './store';

const finding = (id: string, start: number): Annotation => ({
  id, stepId: 's1', severity: 'critical', message: `claim ${id} does not hold`, quote: id, mappedBy: 'quote',
  provenance: { source: 'checker', verdict: 'unchecked' }, range: { start, end: start + 2 },
});

function engineAnswering(annotations: Annotation[], version: number) {
  const asked: string[] = [];
  const engine = { check: async ({ docId }: { docId: string }) => (asked.push(docId), { annotations, version }) } as unknown as EngineApi;
  return { engine, asked };
}

afterEach(() => useWorkbench.setState({ engine: null, docId: null, docVersion: 0, checkerAnnotations: [], checkerVersion: -1 }));

describe('checker findings pushed as changes', () => {
  it('a change from the push before is applied; kept findings stay the same objects', () => {
    const { engine, asked } = engineAnswering([], 0);
    useWorkbench.setState({ engine, docId: 'd1', docVersion: 1, checkerAnnotations: [], checkerVersion: -1 });
    const a = finding('a', 10);
    const b = finding('b', 30);
    onCheckerFindings({ docId: 'd1', version: 1, annotations: [a, b] });
    expect(useWorkbench.getState().checkerAnnotations).toEqual([a, b]);
    useWorkbench.setState({ docVersion: 2 });
    onCheckerFindings({ docId: 'd1', version: 2, base: 1, entries: [[0], [1, 31, 33], finding('c', 50)] });
    const shown = useWorkbench.getState().checkerAnnotations;
    expect(shown).toEqual([a, { ...b, range: { start: 31, end: 33 } }, finding('c', 50)]);
    expect(shown[0]).toBe(a);
    expect(useWorkbench.getState().checkerVersion).toBe(2);
    expect(asked).toEqual([]);
  });

  it('a change from a push this page did not get: the whole list is asked for, not guessed', async () => {
    const whole = [finding('x', 3), finding('y', 9)];
    const { engine, asked } = engineAnswering(whole, 7);
    useWorkbench.setState({ engine, docId: 'd2', docVersion: 7, checkerAnnotations: [], checkerVersion: -1 });
    // The page holds d1's findings (another document), not d2's version 6.
    onCheckerFindings({ docId: 'd2', version: 7, base: 6, entries: [[0, 4, 6], [1, 10, 12]] });
    expect(useWorkbench.getState().checkerAnnotations).toEqual([]);
    await expect.poll(() => useWorkbench.getState().checkerAnnotations).toEqual(whole);
    expect(asked).toEqual(['d2']);
  });

  it('an index the base push does not have: asked for, never shown half-built', async () => {
    const { engine, asked } = engineAnswering([finding('z', 1)], 4);
    useWorkbench.setState({ engine, docId: 'd3', docVersion: 3, checkerAnnotations: [], checkerVersion: -1 });
    onCheckerFindings({ docId: 'd3', version: 3, annotations: [finding('z', 1)] });
    useWorkbench.setState({ docVersion: 4 });
    onCheckerFindings({ docId: 'd3', version: 4, base: 3, entries: [[5, 2, 4]] });
    await expect.poll(() => asked).toEqual(['d3']);
    await expect.poll(() => useWorkbench.getState().checkerVersion).toBe(4);
    expect(useWorkbench.getState().checkerAnnotations).toEqual([finding('z', 1)]);
  });
});
