// GFM pipe tables (`| a | b |` / `|---|:-:|` / rows), read once for every surface: the preview
// (renderer/preview/renderBlock.ts) and the HTML report (app/report/markdown.ts) both cut a Markdown
// text's tables out with gfmTables and render each cell as inline Markdown, so a table looks the same on
// both (the preview's micromark has no table extension; the report's markdown-it table rule is off).
// Math is cut out before this runs (placeholders), so `$|x|$` in a cell never splits it.

/** A column's alignment from its delimiter cell (`:--` left, `:-:` center, `--:` right), null if none. */
export type TableAlign = 'left' | 'center' | 'right' | null;

export interface GfmTable {
  /** Offset of the header line's start and of the last row's end (before its line break) in the text. */
  start: number;
  end: number;
  align: TableAlign[];
  /** The header row first, then the body rows; every row has align.length cells, each its inline Markdown (trimmed, `\|` as `|`). */
  rows: string[][];
  /**
   * What holds the table, as it stands before the header's cells on its line: '' at the top level, the
   * quote's markers (`> `), the list item's indentation or its marker (`- ` when the header is on the
   * item's first line). withTablePlaceholders keeps it, so the table stays in its quote or item.
   */
  prefix: string;
  /** A blank line inside the same container (`>` in a quote, '' elsewhere). */
  blank: string;
}

/** A line that starts another block and so ends a table (markdown-it's and GFM's terminators). */
const BLOCK_START_RE = /^ {0,3}(?:#{1,6}(?:[ \t]|$)|>|```|~~~|[-*+][ \t]|\d{1,9}[.)][ \t]|<[A-Za-z/!?]|(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$)/;
const FENCE_RE = /^ {0,3}(`{3,}|~{3,})/;
const DELIMITER_CELL_RE = /^:?-+:?$/;

/** A row's cells: split at each pipe not escaped by a backslash, one outer pipe on each side dropped. */
function cells(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const out: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\' && row[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (row[i] === '\\') {
      cell += row.slice(i, i + 2);
      i++;
    } else if (row[i] === '|') {
      out.push(cell.trim());
      cell = '';
    } else cell += row[i];
  }
  out.push(cell.trim());
  return out;
}

/** Whether a line has a pipe not escaped by a backslash. */
function hasPipe(line: string): boolean {
  return /(?:^|[^\\])(?:\\\\)*\|/.test(line);
}

/** The alignments of a delimiter row (`|---|:-:|`), or null when the line is none. */
function delimiterRow(line: string): TableAlign[] | null {
  if (!hasPipe(line) || /^ {4}/.test(line)) return null;
  const row = cells(line);
  if (!row.every((c) => DELIMITER_CELL_RE.test(c))) return null;
  return row.map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : null));
}

/** A quote's markers at a line's start (`> `, `>> `, `> > `). */
const QUOTE_RE = /^(?: {0,3}>[ \t]?)+/;
/** A list item's marker with its indentation and the blanks after it, an item's in an item's too (`2. - `). */
const ITEM_RE = /^(?:(?: {4})* {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]{1,4}(?=\S)|[ \t]*$))+/;

/** A line of the text, split at its container's edge: the quote markers, then the rest. */
interface Line { start: number; text: string; quote: string; depth: number; rest: string }

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  for (let at = 0; at <= text.length;) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(at, end).replace(/\r$/, '');
    const quote = line.includes('>') ? QUOTE_RE.exec(line)?.[0] ?? '' : '';
    lines.push({ start: at, text: line, quote, depth: (quote.match(/>/g) ?? []).length, rest: line.slice(quote.length) });
    at = end + 1;
  }
  return lines;
}

/**
 * The GFM tables of a Markdown text (its math already cut out), in order, as GFM reads them: a header
 * line with a pipe, a delimiter row of as many cells right under it, then rows up to a blank line or a
 * line that starts another block (a heading, quote, fence, list item, rule or HTML). A table may follow a
 * paragraph's line directly (the line above stays the paragraph's). Rows with fewer cells are padded,
 * extra cells dropped. A table inside a quote (`> | a | b |`, every line at the same depth) or a list
 * item (its lines indented to the item's content, or the header on the item's own line: `- | a | b |`)
 * is read there (`prefix`). Not read: lines in a fenced code block, an indented (code) line.
 */
export function gfmTables(text: string): GfmTable[] {
  if (!text.includes('|') || !text.includes('-')) return [];
  const lines = splitLines(text);
  const tables: GfmTable[] = [];
  let fence: string | null = null;
  // The content column of the list item the lines are in (0: none), per quote depth it was opened at.
  let item = { column: 0, depth: 0 };
  for (let i = 0; i + 1 < lines.length; i++) {
    const { rest, quote, depth } = lines[i];
    const opener = FENCE_RE.exec(rest)?.[1];
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length && rest.trim() === opener) fence = null;
      continue;
    }
    if (opener) {
      fence = opener;
      continue;
    }
    const marker = ITEM_RE.exec(rest);
    const indent = rest.length - rest.trimStart().length;
    if (marker) item = { column: marker[0].length, depth };
    else if (rest.trim() !== '' && (indent < item.column || depth !== item.depth)) item = { column: 0, depth };
    // The header's cells: after the item's marker on its own line, else after the item's indentation.
    const lead = marker ? marker[0].length : item.column > 0 && indent >= item.column ? item.column : 0;
    const header = rest.slice(lead);
    if (!hasPipe(header) || /^ {4}/.test(header) || BLOCK_START_RE.test(header)) continue;
    // Every row is at the same quote depth and (in an item) indented to its content.
    const column = marker ? marker[0].length : lead;
    const inside = (l: Line) => (l.depth === depth && (column === 0 || /^\s*$/.test(l.rest.slice(0, column))) ? l.rest.slice(column) : null);
    const delimiter = inside(lines[i + 1]);
    const align = delimiter === null ? null : delimiterRow(delimiter);
    const head = align && cells(header);
    if (!align || !head || head.length !== align.length) continue;
    const rows = [head];
    let last = i + 1;
    for (let j = i + 2; j < lines.length; j++) {
      const row = inside(lines[j]);
      if (row === null || row.trim() === '' || BLOCK_START_RE.test(row)) break;
      const parts = cells(row);
      rows.push(align.map((_, k) => parts[k] ?? ''));
      last = j;
    }
    const prefix = quote + rest.slice(0, lead);
    tables.push({ start: lines[i].start, end: lines[last].start + lines[last].text.length, align, rows, prefix, blank: quote.trimEnd() });
    i = last;
  }
  return tables;
}

/**
 * `text` with each of its `tables` (gfmTables) as one line of its own holding `mark(i)`, in the table's
 * container (GfmTable prefix) with a blank line of that container before and after it, so a Markdown
 * parser reads the mark as a paragraph of its own in the quote or item; the surfaces then put the table
 * in that paragraph's place (the preview's tree, the report's HTML). `mark` must hold no Markdown.
 */
export function withTablePlaceholders(text: string, tables: readonly GfmTable[], mark: (index: number) => string): string {
  let out = '';
  let at = 0;
  tables.forEach((table, i) => {
    const before = text.slice(at, table.start);
    const lineBefore = before.slice(before.lastIndexOf('\n', before.length - 2) + 1).replace(/\n$/, '');
    // A table right under a paragraph's line: the line stays the paragraph's (a blank line between them).
    const opens = table.start > 0 && lineBefore.trim() !== table.blank && !ITEM_RE.test(table.prefix.replace(QUOTE_RE, ''));
    out += `${before}${opens ? `${table.blank}\n` : ''}${table.prefix}${mark(i)}${table.end < text.length ? `\n${table.blank}` : ''}`;
    at = table.end;
  });
  return out + text.slice(at);
}

/**
 * A cell's text as inline Markdown for a parser that reads blocks (the preview's micromark): a leading
 * marker that would start a block there (`# `, `> `, `- `, `1. `, a `~~~` fence, a rule) is escaped, since a
 * GFM cell is inline content only (the report's markdown-it renders cells inline as they are).
 */
export function cellAsParagraph(cell: string): string {
  const ordered = /^(\d{1,9})([.)](?:\s|$))/.exec(cell);
  if (ordered) return `${ordered[1]}\\${cell.slice(ordered[1].length)}`;
  return /^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|~{3}|(?:[-*_][ \t]*){3,}$)/.test(cell) ? `\\${cell}` : cell;
}

/** The class of a document's table on both surfaces (the app's own tables are `pw-table`). */
export const TABLE_CLASS = 'pw-md-table';

/** The class a cell of a column aligned `align` gets on both surfaces (styles: text-align), none when not aligned. */
export function alignClass(align: TableAlign): string | undefined {
  return align ? `pw-align-${align}` : undefined;
}
