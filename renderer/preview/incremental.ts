// The incremental preview: split into blocks, then render only blocks whose (text, kind, macros)
// were not rendered before. Old entries are dropped after each update so memory follows the document.
import { splitBlocks, type Block } from './blocks';
import { extractMacros, macrosKey, type MacroTable } from './macros';
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

  /** @param extraMacros per-workspace macros; document definitions override them. */
  update(text: string, extraMacros: MacroTable = {}): PreviewState {
    const macros = { ...extraMacros, ...extractMacros(text) };
    const mkey = macrosKey(macros);
    const blocks = splitBlocks(text);
    const next = new Map<string, RenderedBlock>();
    let rendered = 0;
    const errors: MathError[] = [];
    const out = blocks.map((block) => {
      const cacheKey = `${block.kind}\u0001${mkey}\u0001${block.text}`;
      let result = next.get(cacheKey) ?? this.cache.get(cacheKey);
      if (!result) {
        result = renderBlock(block.text, block.kind, macros);
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
