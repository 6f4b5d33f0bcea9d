// The incremental preview: split into blocks, then render only blocks whose (text, kind, macros)
// were not rendered before. Old entries are dropped after each update so memory follows the document.
import { collectMacros, macrosKey, type MacroTable } from '../../app/common/tex/macros';
import { MathBudget, MAX_PREVIEW_EXPANSION_CHARS } from '../../app/common/limits';
import type { Block } from '../../app/common/blocks';
import { formatOfText } from '../../app/common/tex/document';
import { splitIncremental, withCleanUntil, type SplitState } from './incrementalSplit';
import { ListNesting } from '../../app/common/lists';
import { nestInLists, placeKey } from './listNesting';
import { DocumentNumbering, documentNumbers, referencedKeys, referencesKey } from '../../app/common/tex/numbering';
import { shieldPrivateUse } from '../../app/common/tex/private-use';
import { blockEquations, renderBlock, type BlockEquations, type MathError, type RenderedBlock } from './renderBlock';

export interface PreviewBlock extends Block {
  rendered: RenderedBlock;
}

export interface PreviewState {
  blocks: PreviewBlock[];
  macros: MacroTable;
  /** KaTeX errors with absolute document offsets (for editor markers). */
  errors: MathError[];
  /** How many blocks this update actually rendered (the rest came from the cache). */
  rendered: number;
  /** Blocks left untypeset because the update's time slice ran out: call update again to go on. */
  pending: number;
}

/** What a block waiting for its turn shows: its source, as text (typeset by a later update). */
function pendingBlock(text: string): RenderedBlock {
  return {
    nodes: [{ kind: 'el', tag: 'div', className: 'pw-pending', children: [{ kind: 'text', value: text }] }],
    errors: [],
    growth: 0,
    refused: false,
  };
}

/**
 * One block rendered by `render`, or, where rendering throws (a bug of ours on some input), the block's
 * source as text with the reason: one block shows its source, the rest of the preview and the app stay.
 */
export function renderGuarded(text: string, render: () => RenderedBlock): RenderedBlock {
  try {
    return render();
  } catch (err) {
    const message = `This block could not be rendered (${err instanceof Error ? err.message : String(err)}); its source:`;
    return {
      nodes: [{ kind: 'el', tag: 'div', className: 'pw-render-failed', children: [{ kind: 'el', tag: 'em', children: [{ kind: 'text', value: message }] }, { kind: 'el', tag: 'pre', children: [{ kind: 'text', value: text }] }] }],
      errors: [],
      growth: 0,
      refused: false,
    };
  }
}

export class PreviewRenderer {
  private cache = new Map<string, RenderedBlock>();
  /** Equation numbers and labels of each block text (blockEquations), kept like the cache. */
  private counts = new Map<string, BlockEquations>();
  /** Expanded macro sizes for the last macro table (MathBudget's memo), kept while the table is the same. */
  private sizes = { key: '', map: new Map<string, number>() };
  /** The last split, carried through the next edit (only the blocks around it are split again). */
  private split: SplitState | null = null;

  /** @param expansionLimit what macros may add over the whole document (characters; see app/common/limits.ts). */
  constructor(private readonly expansionLimit = MAX_PREVIEW_EXPANSION_CHARS) {}

  /**
   * @param extraMacros per-workspace macros; document definitions (anywhere, math included) override them.
   * @param format `$` rules to follow; by default LaTeX when the text has a preamble, else Markdown.
   * @param sliceMs time this update may spend rendering new blocks (ms, performance.now). KaTeX runs on
   *   the UI thread and cannot be interrupted, so past the slice the remaining new blocks show their
   *   source and count as `pending`; the next update goes on from the cache. The slice is at least as
   *   long as the update's own splitting took. The default renders everything at once. The block at
   *   the end of the edit since the last update is typeset whatever the slice: typed text shows at once.
   * @param focus source ranges on screen (the editor's viewport, the preview's): their blocks are typeset
   *   whatever the slice too, so a long paste followed by Ctrl+End shows the end typeset first while the
   *   rest of the document waits for later slices.
   */
  update(source: string, extraMacros: MacroTable = {}, format = formatOfText(source), sliceMs = Infinity, focus: readonly { start: number; end: number }[] = []): PreviewState {
    const started = performance.now();
    // The document's own private-use characters are never read as the preview's marks (private-use.ts);
    // same length, so every offset below is one in `source`.
    const text = shieldPrivateUse(source);
    const macros = collectMacros(text, extraMacros);
    const mkey = macrosKey(macros);
    // Carried over from the last update where the split allows it (Markdown around a plain edit); a
    // format other than the last update's is split anew.
    this.split = splitIncremental(this.split, text, format);
    const { blocks, changed } = this.split;
    // Each update pays for splitting the whole text again: on a document where that takes longer than the
    // slice, the slice grows to match, so going on in slices costs at most about twice the work.
    const splitAt = performance.now();
    const deadline = splitAt + Math.max(sliceMs, splitAt - started);
    if (this.sizes.key !== mkey) this.sizes = { key: mkey, map: new Map() };
    // One budget per update, over all blocks in document order: a block reused from the cache is charged
    // what it added when it was rendered; one that no longer fits (or had a formula refused) renders again.
    const budget = new MathBudget(macros, this.sizes.map, this.expansionLimit);
    const next = new Map<string, RenderedBlock>();
    const counts = new Map<string, BlockEquations>();
    // Equation numbers run over the document in order, as in LaTeX: a block's numbers start after
    // those of every block before it (typeset or still pending); a \ref may come before its \label.
    const numbering = new DocumentNumbering();
    const labels = numbering.labels;
    const lists = new ListNesting();
    // Theorem numbers (`\newtheorem` environments) count over the document as LaTeX counts them; their
    // labels answer `\ref` beside the equations' (an equation's label first, as the numbering keeps it).
    const theorems = documentNumbers(text);
    const layout = blocks.map((block) => {
      const countKey = `${block.kind}\u0001${format}\u0001${block.text}`;
      const eq = counts.get(countKey) ?? this.counts.get(countKey) ?? blockEquations(block.text, block.kind, format);
      counts.set(countKey, eq);
      // A theorem's printed title ("Theorem 1.1") on its environment line, a section's number on its heading.
      const theorem = block.kind === 'env-open' ? theorems.titles.get(block.start + block.text.indexOf('\\begin'))
        : block.kind === 'heading' ? theorems.sections.get(block.start + block.text.length - block.text.trimStart().length) : undefined;
      // In a paragraph, a theorem whose `\begin` shares its line with text: its title, by offset in the block.
      const titles = block.kind !== 'env-open' && theorems.titles.size > 0 && block.text.includes('\\begin') ? titlesIn(theorems.titles, block.start, block.end) : undefined;
      return { firstEquation: numbering.add(eq), count: eq.count, place: lists.next(block), theorem, titles };
    });
    numbering.addDocument(theorems, text);
    let rendered = 0;
    let pending = 0;
    let fresh = 0;
    const errors: MathError[] = [];
    const out = blocks.map((block, index) => {
      const { firstEquation, count, place, theorem, titles } = layout[index];
      const refs = referencedKeys(block.text);
      // A block with numbered displays is typeset again when the numbers before it change, one with
      // references when what they show changes (a number, the kind of thing a `\cref` names), and one in
      // a list when its place in the list changes.
      const cacheKey = `${block.kind}\u0001${format}\u0001${mkey}\u0001${count > 0 ? firstEquation : ''}\u0001${
        referencesKey(refs, labels, block.text)}\u0001${placeKey(place)}\u0001${theorem ?? ''}\u0001${titles ? [...titles].join(';') : ''}\u0001${block.text}`;
      const cached = next.get(cacheKey) ?? this.cache.get(cacheKey);
      let result: RenderedBlock | undefined = cached;
      if (result && (result.refused || !budget.charge(result.growth))) result = undefined;
      if (!result) {
        // Only blocks never rendered wait for a later slice: a cached one rendered again (refused, or
        // over the budget now) renders as it always did. Each update renders at least one new block, so
        // the number never rendered goes down and repeated updates finish.
        // The block at the end of the edit (where the caret is after typing or pasting) is typeset at
        // once; the rest of a large change (a document opened, a long paste) waits for its slices.
        const edited = changed !== null && block.start <= changed.end && block.end >= changed.end;
        const onScreen = focus.some((r) => block.start <= r.end && block.end >= r.start);
        if (!cached && !edited && !onScreen && fresh > 0 && performance.now() > deadline) {
          pending++;
          return { ...block, rendered: pendingBlock(block.text) };
        }
        if (!cached) fresh++;
        result = renderGuarded(block.text, () => renderBlock(block.text, block.kind, macros, format, budget, firstEquation, labels, place, theorem, titles));
        if (placeKey(place)) result = { ...result, nodes: nestInLists(result.nodes, place) };
        rendered++;
      }
      next.set(cacheKey, result);
      for (const e of result.errors) errors.push({ message: e.message, start: block.start + e.start, end: block.start + e.end });
      return { ...block, rendered: result };
    });
    this.cache = next;
    this.counts = counts;
    return { blocks: out, macros, errors, rendered, pending };
  }

  /**
   * Does now the one-time work the next edit's split would do (after a full split, a scan of the whole
   * text for display math), so the first key typed after a document opens does not pay for it. Call it
   * when the browser is idle. Returns whether there was any.
   */
  prepareForEdits(): boolean {
    if (!this.split) return false;
    const prepared = withCleanUntil(this.split);
    if (prepared === this.split) return false;
    this.split = prepared;
    return true;
  }

  clear(): void {
    this.cache.clear();
    this.counts.clear();
    this.split = null;
  }
}

/** The entries of `titles` (keyed by document offset) in [start, end), keyed by their offset from `start`; none: undefined. */
function titlesIn(titles: ReadonlyMap<number, string>, start: number, end: number): Map<number, string> | undefined {
  let found: Map<number, string> | undefined;
  for (const [at, title] of titles) if (at >= start && at < end) (found ??= new Map()).set(at - start, title);
  return found;
}
