import { describe, expect, it } from 'vitest';
import { htmlCommentEnd, htmlCommentRanges, withoutHtmlComments } from './html-comments';
import { mathFragments } from './tex/math';

describe('HTML comments in Markdown', () => {
  it('run from <!-- to the first -->, over lines and blank lines; an unclosed one is text', () => {
    const text = 'a <!-- x --> b <!--\nTODO\n\nmore $y$\n--> c <!-- open';
    expect(htmlCommentRanges(text).map((r) => text.slice(r.start, r.end))).toEqual(['<!-- x -->', '<!--\nTODO\n\nmore $y$\n-->']);
    expect(htmlCommentEnd(text, text.lastIndexOf('<!--'))).toBe(-1);
    expect(htmlCommentEnd(text, 2, 8)).toBe(-1); // closes past the end asked about
    expect(withoutHtmlComments(text)).toBe('a  b  c <!-- open');
  });

  it('hold no math for the scanner in Markdown; in .tex they are not comments', () => {
    expect(mathFragments('$a$ <!-- $b$ --> $c$').map((f) => f.tex)).toEqual(['a', 'c']);
    expect(mathFragments('$a$ <!-- $b$ --> $c$', undefined, 'tex').map((f) => f.tex)).toEqual(['a', 'b', 'c']);
  });

  it('answer each text for itself when questions about different texts interleave (the memo is per text)', () => {
    const closed = '<!-- a --> <!-- b -->';
    const later = '<!-- a      <!-- b -->';
    const open = '<!-- a';
    const openThenClosed = '<!-- a -->';
    expect(htmlCommentEnd(closed, 0)).toBe(10);
    expect(htmlCommentEnd(later, 0)).toBe(22);
    expect(htmlCommentEnd(closed, 11)).toBe(21);
    expect(htmlCommentEnd(open, 0)).toBe(-1);
    expect(htmlCommentEnd(openThenClosed, 0)).toBe(10);
    expect(htmlCommentEnd(open, 0)).toBe(-1);
    expect(htmlCommentEnd(later, 12)).toBe(22);
  });

  it('leave text alone when thousands never close (each is text)', () => {
    const text = '<!-- note $x$\n\n'.repeat(50_000);
    // Each `<!--` asks for the next `-->`; once none is found that is remembered (one pass, not n²).
    expect(mathFragments(text)).toHaveLength(50_000);
    expect(htmlCommentRanges(text)).toEqual([]);
  });
});
