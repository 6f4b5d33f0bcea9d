// The preview typesets a big document in time slices (issue 14: a macro bomb's first render held the
// UI thread for ~5 s): an update past its slice leaves new blocks pending, showing their source, and
// repeated updates end with exactly what one unsliced update renders.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeProof } from '../../bench/preview.bench';
import { PreviewRenderer, type PreviewState } from './incremental';
import type { PreviewNode } from './renderBlock';

const BODY = 'x^{2}+y^{2}+'.repeat(200);
const BOMB = `$\\newcommand{\\blowup}{${BODY}z}$\n\n${Array.from({ length: 20 }, (_, i) => `Step ${i}: $\\blowup + \\blowup = ${i}$.`).join('\n\n')}\n\nLast line.`;

/** What a reader sees of a state: per block, its tree without KaTeX's HTML (formulas as typeset/refused). */
function shown(state: PreviewState): unknown[] {
  const strip = (n: PreviewNode): unknown =>
    n.kind === 'math' ? { math: n.srcStart } : n.kind === 'el' ? { ...n, children: n.children.map(strip) } : n;
  return state.blocks.map((b) => b.rendered.nodes.map(strip));
}

/**
 * A clock that moves 1 ms per reading: an update's slice is at least as long as its own splitting took
 * (incremental.ts), and on a loaded machine a descheduled split made that slice long enough for every
 * block, so the slicing these tests look at did not happen (load 8: 1 run in 3). Time read this way
 * depends only on the work done.
 */
function steadyClock(): void {
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => ++now);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('preview time slices', () => {
  it('with no time left renders few new blocks per update, the rest pending with their source shown', () => {
    steadyClock();
    const renderer = new PreviewRenderer();
    const first = renderer.update(BOMB, {}, 'markdown', 0);
    // At least one (so updates progress); more only while the update's own splitting time lasts.
    expect(first.rendered).toBeGreaterThanOrEqual(1);
    expect(first.pending).toBeGreaterThan(first.blocks.length / 2);
    expect(first.rendered + first.pending).toBe(first.blocks.length);
    const last = first.blocks[first.blocks.length - 1].rendered.nodes;
    expect(last).toEqual([{ kind: 'el', tag: 'div', className: 'pw-pending', children: [{ kind: 'text', value: 'Last line.' }] }]);
  });

  it('repeated sliced updates finish with what one whole update renders (same formulas typeset or refused)', () => {
    const whole = new PreviewRenderer().update(BOMB, {}, 'markdown');
    expect(whole.pending).toBe(0);
    steadyClock();
    const sliced = new PreviewRenderer();
    let state = sliced.update(BOMB, {}, 'markdown', 0);
    let updates = 1;
    while (state.pending > 0) {
      const before = state.pending;
      state = sliced.update(BOMB, {}, 'markdown', 0);
      expect(state.pending).toBeLessThan(before); // always progresses
      updates++;
    }
    expect(updates).toBeGreaterThan(1);
    expect(shown(state)).toEqual(shown(whole));
    expect(state.errors).toEqual(whole.errors);
    // Some formulas typeset and the ones past the budget refused, as without slices.
    expect(whole.errors.filter((e) => e.message.startsWith('Too large to preview here')).length).toBeGreaterThan(5);
  });

  it('typesets the block being typed in at once, even with new blocks before it still pending', () => {
    // 197 lines end after a `$$` display (200 would end inside an `align*` left open, shown as its source).
    const proof = makeProof(197);
    const renderer = new PreviewRenderer();
    const first = renderer.update(proof, {}, 'markdown', 0);
    expect(first.pending).toBeGreaterThan(10);
    expect(first.blocks[first.blocks.length - 1].rendered.nodes[0]).toMatchObject({ className: 'pw-pending' });
    // A key typed at the end: that block is typeset; earlier ones not reached yet stay pending.
    const typed = renderer.update(`${proof} $q$`, {}, 'markdown', 0);
    expect(JSON.stringify(typed.blocks[typed.blocks.length - 1].rendered.nodes)).toContain('"kind":"math"');
    expect(typed.pending).toBeGreaterThan(10);
    // A whole new document is one edit too, but only the block at its end skips the slice.
    const other = renderer.update(makeProof(150).replace(/Step/g, 'Stage'), {}, 'markdown', 0);
    expect(other.pending).toBeGreaterThan(10);
  });

  it('typesets the blocks on screen first: after a long paste and Ctrl+End, the end before the middle', () => {
    const proof = makeProof(3600);
    const renderer = new PreviewRenderer();
    // The paste: one edit ending at the document's end; then the editor shows its last lines.
    renderer.update(proof, {}, 'markdown', 0);
    const screen = { start: proof.lastIndexOf('**Step', proof.length - 2000), end: proof.length };
    const state = renderer.update(proof, {}, 'markdown', 0, [screen]);
    const onScreen = state.blocks.filter((b) => b.end >= screen.start);
    expect(onScreen.length).toBeGreaterThan(3);
    for (const b of onScreen) expect(b.rendered.nodes[0]).not.toMatchObject({ className: 'pw-pending' });
    const middle = state.blocks[state.blocks.length >> 1];
    expect(middle.rendered.nodes[0]).toMatchObject({ className: 'pw-pending' });
  });

  it('renders everything at once by default (the CLI, tests and the report need no slices)', () => {
    const state = new PreviewRenderer().update('A $x$.\n\nB $y$.');
    expect(state.pending).toBe(0);
    expect(state.rendered).toBe(2);
  });
});
