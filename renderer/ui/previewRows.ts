// The preview's rows as React and the DOM see them, shared by PreviewPane and the latency benches
// (bench/latency-split/ runs the real row logic without the store): stable row ids across edits, each
// row's data-block-start, and the block elements in document order.
import { useLayoutEffect, useMemo, useRef, type RefObject } from 'react';

/**
 * React keys for the preview rows. A block's key follows its text, so the block being typed in would
 * get a new row on every key: unmounted and mounted again with all its formulas (KaTeX HTML parsed
 * anew, laid out anew). Here a row keeps its id while its text is unchanged, and a block whose text is
 * new takes the id of a block that vanished in the same update (in order): the typed-in row is updated
 * in place, and React touches only the text and formulas that changed in it.
 */
export function useRowIds(blocks: readonly { key: string }[]): string[] {
  const memo = useRef({ ids: new Map<string, string>(), next: 0 });
  return useMemo(() => {
    const previous = memo.current.ids;
    const ids = new Map<string, string>();
    for (const b of blocks) {
      const id = previous.get(b.key);
      if (id !== undefined) {
        ids.set(b.key, id);
      }
    }
    const vanished = [...previous].filter(([key]) => !ids.has(key)).map(([, id]) => id);
    let v = 0;
    for (const b of blocks) if (!ids.has(b.key)) ids.set(b.key, v < vanished.length ? vanished[v++] : `r${memo.current.next++}`);
    memo.current.ids = ids;
    return blocks.map((b) => ids.get(b.key)!);
  }, [blocks]);
}

/**
 * Writes each preview row's `data-block-start` (its block's offset in the text, read by click-to-source,
 * scroll sync and tests) after each update, only where it changed: as a React prop it made every row
 * below a keystroke render again (issue 11). What was written is remembered here, so a key costs no
 * DOM reads (a subtree query and two `dataset` reads per row took ~1–2 ms a key on 460 lines).
 */
export function useBlockStarts(scroller: RefObject<HTMLDivElement | null>, blocks: readonly { start: number }[]): void {
  const written = useRef(new WeakMap<Element, number>());
  useLayoutEffect(() => {
    const elements = blockElements(scroller.current);
    for (let i = 0; i < elements.length; i++) {
      const start = blocks[i]?.start;
      if (start === undefined || written.current.get(elements[i]) === start) continue;
      written.current.set(elements[i], start);
      elements[i].dataset.blockStart = String(start);
    }
  }, [blocks, scroller]);
}

/**
 * The preview's block elements in document order (element i shows blocks[i]): the rows are the
 * grid's children after the findings column's score line and the head row (PreviewPane), each with its
 * block first, so no query walks the typeset math.
 */
export function blockElements(scroller: HTMLElement | null): HTMLElement[] {
  const elements: HTMLElement[] = [];
  const grid = scroller?.firstElementChild;
  if (!grid) return elements;
  // What comes before the first block's row: the score line (counted as a row, every block's offset
  // was its predecessor's, and click-to-source and scroll sync went one block off) and the head row.
  let row = grid.firstElementChild;
  while (row && (!row.classList.contains('pw-preview-row') || row.classList.contains('pw-preview-head'))) row = row.nextElementSibling;
  for (; row; row = row.nextElementSibling) {
    if (row.firstElementChild instanceof HTMLElement) elements.push(row.firstElementChild);
  }
  return elements;
}

