// What the main page sends the preview document (bench/latency-split/): directly in the inline
// variant, by postMessage (or on a transferred MessagePort) in the iframe variants.

/** One of Monaco's changes to the text before the event: `deleted` characters at `offset` replaced by `inserted`. */
export interface Edit {
  offset: number;
  deleted: number;
  inserted: string;
}

export type ToPreview =
  /** The whole text (a page load, and the inline variant's every key, as the workbench's store gets it). */
  | { kind: 'text'; text: string; caret: number }
  /** The edits of one content change, highest offset first (they apply one after another); `length` is the editor's text length after them (a check). */
  | { kind: 'edit'; edits: Edit[]; caret: number; length: number }
  /** A key was pressed: `t0` its keydown's absolute time (ms since the epoch: timeOrigin + timeStamp), `expect` the text its block must show. */
  | { kind: 'key'; key: number; t0: number; expect: string }
  /** Scroll the preview so the block holding `marker` is near the top, as the workbench's scroll sync leaves it. */
  | { kind: 'reveal'; marker: string }
  /** A clock check: the preview answers with its own absolute time. */
  | { kind: 'clock'; id: number };

export type FromPreview =
  | { kind: 'clock'; id: number; t: number };
