// GFM pipe tables as both surfaces read them (the preview and the report are held to the same rows in
// app/common/tex/cases/habits.ts); here the edges of the rule, against GFM's spec examples.
import { describe, expect, it } from 'vitest';
import { cellAsParagraph, gfmTables, withTablePlaceholders } from './markdown-tables';

const rows = (text: string) => gfmTables(text).map((t) => t.rows);

describe('GFM tables', () => {
  it('reads a table after a paragraph line, with alignments, up to a blank line', () => {
    const text = 'Values of $f$:\n| n | f(n) | note |\n|:--|:-:|--:|\n| 1 | 2 |\n| 2 | 4 | x | extra |\n\nAfter.';
    const [table] = gfmTables(text);
    expect(table.align).toEqual(['left', 'center', 'right']);
    expect(table.rows).toEqual([['n', 'f(n)', 'note'], ['1', '2', ''], ['2', '4', 'x']]);
    expect(text.slice(table.start, table.end)).toBe('| n | f(n) | note |\n|:--|:-:|--:|\n| 1 | 2 |\n| 2 | 4 | x | extra |');
  });

  it('needs a delimiter row of as many cells as the header (GFM example 203)', () => {
    expect(rows('| a | b | c |\n| --- | --- |\n| x | y |')).toEqual([]);
    expect(rows('a | b\n--- | ---\nc | d')).toEqual([[['a', 'b'], ['c', 'd']]]);
    expect(rows('| a |\n|---|')).toEqual([[['a']]]);
  });

  it('keeps an escaped pipe in its cell, inside code too (GFM example 200)', () => {
    expect(rows('| f | g |\n|---|---|\n| `\\|` | a \\| b |')).toEqual([[['f', 'g'], ['`|`', 'a | b']]]);
  });

  it('ends at a line that starts another block, and reads a line without pipes as a row (GFM example 201)', () => {
    expect(rows('| a | b |\n|---|---|\n| 1 | 2 |\nplain\n> quote')).toEqual([[['a', 'b'], ['1', '2'], ['plain', '']]]);
    expect(rows('| a | b |\n|---|---|\n# Heading')).toEqual([[['a', 'b']]]);
  });

  it('is never read in a fenced code block or an indented line', () => {
    expect(rows('```\n| a | b |\n|---|---|\n```')).toEqual([]);
    expect(rows('~~~~\n| a | b |\n~~~\n|---|---|\n~~~~\n| c | d |\n|---|---|')).toEqual([[['c', 'd']]]);
    expect(rows('    | a | b |\n    |---|---|')).toEqual([]);
    expect(rows('- item\n\n      | a | b |\n      |---|---|')).toEqual([]);
    expect(rows('A rule, not a table:\n\n---\n| a |')).toEqual([]);
  });

  it('reads a table in a quote or a list item, in its container (rev3)', () => {
    const quoted = '> Residues of squares:\n> | $n$ | $n^2$ |\n> |---|---|\n> | even | 0 |\n> | odd | 1 |\n>\n> so no square is 3.';
    const [inQuote] = gfmTables(quoted);
    expect(inQuote.rows).toEqual([['$n$', '$n^2$'], ['even', '0'], ['odd', '1']]);
    expect(inQuote.prefix).toBe('> ');
    expect(withTablePlaceholders(quoted, [inQuote], () => 'T')).toBe('> Residues of squares:\n>\n> T\n>\n>\n> so no square is 3.');
    // A row at another depth is no row of it; a nested quote's table is read at its depth.
    expect(rows('> | a | b |\n> |---|---|\n| 1 | 2 |')).toEqual([[['a', 'b']]]);
    expect(rows('> > | a | b |\n> > |---|---|\n> > | 1 | 2 |')).toEqual([[['a', 'b'], ['1', '2']]]);
    const item = '1. Residues:\n\n   | k | k^2 |\n   |---|---|\n   | 2 | 4 |\n2. Next.';
    const [inItem] = gfmTables(item);
    expect(inItem.rows).toEqual([['k', 'k^2'], ['2', '4']]);
    expect(withTablePlaceholders(item, [inItem], () => 'T')).toBe('1. Residues:\n\n   T\n\n2. Next.');
    expect(rows('- | a | b |\n  |---|---|\n  | 1 | 2 |')).toEqual([[['a', 'b'], ['1', '2']]]);
    expect(withTablePlaceholders('- | a | b |\n  |---|---|', gfmTables('- | a | b |\n  |---|---|'), () => 'T')).toBe('- T');
    // After the list, at the left margin: a table of its own.
    expect(gfmTables('- item\n\n| a | b |\n|---|---|').map((t) => t.prefix)).toEqual(['']);
  });

  it('keeps a cell inline: a leading block marker is escaped for a block parser', () => {
    expect(['# 3', '- 4', '> q', '1. x', '***', '*em*', 'a'].map(cellAsParagraph)).toEqual(['\\# 3', '\\- 4', '\\> q', '1\\. x', '\\***', '*em*', 'a']);
  });
});
