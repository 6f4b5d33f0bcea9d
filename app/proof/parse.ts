// parseProof: Markdown + LaTeX (or a .tex body) → steps with exact ranges and content-derived ids.
import type { DocumentFormat, ProofDocument, Step } from '../common/proof';
import { LineIndex, type SourceRange } from '../common/text';
import { scanOptionsFor } from '../common/tex/math';
import { freshId } from './ids';
import { markdownBlocks, type MarkdownBlocks } from './markdown-blocks';
import { segment, type StepDraft } from './segment';
import { texBlocks, texBody } from './tex-blocks';

export { formatFromPath } from '../common/proof-files';

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

export function parseProof(text: string, format: DocumentFormat = 'markdown'): ProofDocument {
  return makeDocument(format, text, parseDrafts(text, format));
}
