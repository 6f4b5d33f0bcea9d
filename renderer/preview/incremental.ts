// The incremental preview: split into blocks, then render only blocks whose (text, kind, macros)
// were not rendered before. Old entries are dropped after each update so memory follows the document.
import { collectMacros, macrosKey, type MacroTable } from '../../app/common/tex/macros';
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

  /**
   * @param extraMacros per-workspace macros; document definitions (anywhere, math included) override them.
   * @param format `$` rules to follow; by default LaTeX when the text has a preamble, else Markdown.
   */
  update(text: string, extraMacros: MacroTable = {}, format = previewFormat(text)): PreviewState {
    const macros = collectMacros(text, extraMacros);
    const mkey = macrosKey(macros);
    const blocks = splitBlocks(text, format);
    const next = new Map<string, RenderedBlock>();
    let rendered = 0;
    const errors: MathError[] = [];
    const out = blocks.map((block) => {
      const cacheKey = `${block.kind}\u0001${format}\u0001${mkey}\u0001${block.text}`;
      let result = next.get(cacheKey) ?? this.cache.get(cacheKey);
      if (!result) {
        result = renderBlock(block.text, block.kind, macros, format);
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
