// The incremental preview: split into blocks, then render only blocks whose (text, kind, macros)
// were not rendered before. Old entries are dropped after each update so memory follows the document.
import { collectMacros, macrosKey, type MacroTable } from '../../app/common/tex/macros';
import { MathBudget, MAX_PREVIEW_EXPANSION_CHARS } from '../../app/common/limits';
import { previewFormat, splitBlocks, type Block } from './blocks';
import { renderBlock, type MathError, type RenderedBlock } from './renderBlock';

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
}

export class PreviewRenderer {
  private cache = new Map<string, RenderedBlock>();
  /** Expanded macro sizes for the last macro table (MathBudget's memo), kept while the table is the same. */
  private sizes = { key: '', map: new Map<string, number>() };

  /** @param expansionLimit what macros may add over the whole document (characters; see app/common/limits.ts). */
  constructor(private readonly expansionLimit = MAX_PREVIEW_EXPANSION_CHARS) {}

  /**
   * @param extraMacros per-workspace macros; document definitions (anywhere, math included) override them.
   * @param format `$` rules to follow; by default LaTeX when the text has a preamble, else Markdown.
   */
  update(text: string, extraMacros: MacroTable = {}, format = previewFormat(text)): PreviewState {
    const macros = collectMacros(text, extraMacros);
    const mkey = macrosKey(macros);
    const blocks = splitBlocks(text, format);
    if (this.sizes.key !== mkey) this.sizes = { key: mkey, map: new Map() };
    // One budget per update, over all blocks in document order: a block reused from the cache is charged
    // what it added when it was rendered; one that no longer fits (or had a formula refused) renders again.
    const budget = new MathBudget(macros, this.sizes.map, this.expansionLimit);
    const next = new Map<string, RenderedBlock>();
    let rendered = 0;
    const errors: MathError[] = [];
    const out = blocks.map((block) => {
      const cacheKey = `${block.kind}\u0001${format}\u0001${mkey}\u0001${block.text}`;
      let result: RenderedBlock | undefined = next.get(cacheKey) ?? this.cache.get(cacheKey);
      if (result && (result.refused || !budget.charge(result.growth))) result = undefined;
      if (!result) {
        result = renderBlock(block.text, block.kind, macros, format, budget);
        rendered++;
      }
      next.set(cacheKey, result);
      for (const e of result.errors) errors.push({ message: e.message, start: block.start + e.start, end: block.start + e.end });
      return { ...block, rendered: result };
    });
    this.cache = next;
    return { blocks: out, macros, errors, rendered };
  }

  clear(): void {
    this.cache.clear();
  }
}
