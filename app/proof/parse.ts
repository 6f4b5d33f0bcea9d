// parseProof: Markdown + LaTeX (or a .tex body) → steps with exact ranges and content-derived ids.
import { assertDocumentSize } from '../common/limits';
import type { DocumentFormat, ProofDocument, Step } from '../common/proof';
import { LineIndex, type SourceRange } from '../common/text';
import { scanOptionsFor } from '../common/tex/math';
import { freshId } from './ids';
import { markdownBlocks, type MarkdownBlocks } from './markdown-blocks';
import { segment, type StepDraft } from './segment';
import { texBody } from '../common/tex/document';
import { texBlocks } from './tex-blocks';

export { documentFormat, formatFromPath } from '../common/proof-files';

export interface ParsedDrafts {
  body: SourceRange;
  drafts: StepDraft[];
  /** The Markdown block structure, kept so remapDocument can re-parse only the edited blocks. */
  markdown?: MarkdownBlocks;
}

/** Steps of a text without ids; `markdown` is the block structure when the caller already has it. */
export function parseDrafts(text: string, format: DocumentFormat, markdown?: MarkdownBlocks): ParsedDrafts {
  if (typeof text !== 'string') throw new TypeError('parseProof: text must be a string');
  const lines = new LineIndex(text);
  if (format === 'tex') {
    const body = texBody(text);
    const blocks = texBlocks(text, body);
    return { body, drafts: segment({ text, body, blocks, scan: scanOptionsFor('tex'), extraFragments: [], lines }) };
  }
  if (format !== 'markdown') throw new Error(`parseProof: unknown format "${String(format)}" (expected "markdown" or "tex")`);
  const body = { start: 0, end: text.length };
  const md = markdown ?? markdownBlocks(text);
  // `$` math is found by the core scanner (Pandoc's rule), not by mdast: only `$$` fences come from mdast.
  const scan = { ...scanOptionsFor('markdown'), codeSpans: false, mask: md.mask };
  return { body, drafts: segment({ text, body, blocks: md.blocks, scan, extraFragments: md.fragments, lines }), markdown: md };
}

/** Give drafts their positional labels and the given (or fresh, content-derived) ids. */
export function finishSteps(drafts: StepDraft[], ids?: (string | undefined)[]): Step[] {
  const taken = new Set<string>();
  if (ids) for (const id of ids) if (id) taken.add(id);
  return drafts.map((draft, index) => ({
    id: ids?.[index] ?? freshId(draft.text, taken),
    label: `S${index + 1}`,
    index,
    ...draft,
  }));
}

const markdownStructure = new WeakMap<ProofDocument, MarkdownBlocks>();

/** The block structure a document was parsed with (absent for documents built elsewhere, e.g. over RPC). */
export function markdownStructureOf(doc: ProofDocument): MarkdownBlocks | undefined {
  return markdownStructure.get(doc);
}

export function makeDocument(format: DocumentFormat, text: string, parsed: ParsedDrafts, ids?: (string | undefined)[]): ProofDocument {
  const doc: ProofDocument = { format, text, body: parsed.body, steps: finishSteps(parsed.drafts, ids) };
  if (parsed.markdown) markdownStructure.set(doc, parsed.markdown);
  return doc;
}

/**
 * Parse a proof into steps. Throws DocumentTooLargeError above MAX_DOCUMENT_CHARS
 * (app/common/limits.ts), and a plain Error with a clear message (never a bare stack overflow) for a
 * structure nested too deeply to parse.
 */
export function parseProof(text: string, format: DocumentFormat = 'markdown'): ProofDocument {
  if (typeof text === 'string') assertDocumentSize(text.length);
  try {
    return makeDocument(format, text, parseDrafts(text, format));
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new Error('the document is nested too deeply to parse (blockquotes, lists or braces inside each other thousands of levels deep)', { cause: error });
    }
    throw error;
  }
}
