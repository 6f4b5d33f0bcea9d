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

/**
 * The GFM tables of a Markdown text (its math already cut out), in order, as GFM reads them: a header
 * line with a pipe, a delimiter row of as many cells right under it, then rows up to a blank line or a
 * line that starts another block (a heading, quote, fence, list item, rule or HTML). A table may follow a
 * paragraph's line directly (the line above stays the paragraph's). Rows with fewer cells are padded,
 * extra cells dropped. Not read: lines in a fenced code block, an indented (code) line, a table inside
 * a list item or quote (its lines start with the marker).
 */
export function gfmTables(text: string): GfmTable[] {
  if (!text.includes('|') || !text.includes('-')) return [];
  const lines: { start: number; text: string }[] = [];
  for (let at = 0; at <= text.length;) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    lines.push({ start: at, text: text.slice(at, end).replace(/\r$/, '') });
    at = end + 1;
  }
  const tables: GfmTable[] = [];
  let fence: string | null = null;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i].text;
    const opener = FENCE_RE.exec(line)?.[1];
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) fence = null;
      continue;
    }
    if (opener) {
      fence = opener;
      continue;
    }
    if (!hasPipe(line) || /^ {4}/.test(line) || BLOCK_START_RE.test(line)) continue;
    const align = delimiterRow(lines[i + 1].text);
    const header = align && cells(line);
    if (!align || !header || header.length !== align.length) continue;
    const rows = [header];
    let last = i + 1;
    for (let j = i + 2; j < lines.length; j++) {
      const row = lines[j].text;
      if (row.trim() === '' || BLOCK_START_RE.test(row)) break;
      const parts = cells(row);
      rows.push(align.map((_, k) => parts[k] ?? ''));
      last = j;
    }
    tables.push({ start: lines[i].start, end: lines[last].start + lines[last].text.length, align, rows });
    i = last;
  }
  return tables;
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
