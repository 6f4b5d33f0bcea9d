import { describe, expect, it } from 'vitest';
import { environmentPairAt } from './envMatch';
import { commandPrefix, completionEntries, environmentSnippet, plainInsert } from './latexData';

/** What a Monaco snippet inserts, with tab stops replaced by their defaults (enough to check escaping). */
function expandSnippet(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\(.)/g, '$1');
}

describe('environment matching', () => {
  const text = 'a \\begin{align} x \\begin{align} y \\end{align} \\end{align} b';

  it('matches nested environments of the same name from either tag', () => {
    const outerBegin = text.indexOf('\\begin{align}');
    const outerEnd = text.lastIndexOf('\\end{align}');
    const pair = environmentPairAt(text, outerBegin + 3)!;
    expect(pair.name).toBe('align');
    expect(pair.end.start).toBe(outerEnd);
    const back = environmentPairAt(text, outerEnd + 2)!;
    expect(back.begin.start).toBe(outerBegin);
    const inner = environmentPairAt(text, text.indexOf('\\begin{align}', outerBegin + 1) + 1)!;
    expect(text.slice(inner.end.start, inner.end.end)).toBe('\\end{align}');
    expect(inner.end.start).toBe(text.indexOf('\\end{align}'));
  });

  it('returns null off a tag, for an unmatched tag, and ignores commented tags', () => {
    expect(environmentPairAt(text, 0)).toBeNull();
    expect(environmentPairAt('\\begin{proof} no end', 2)).toBeNull();
    const commented = '\\begin{proof}\n% \\end{proof}\n\\end{proof}';
    expect(environmentPairAt(commented, 1)!.end.start).toBe(commented.lastIndexOf('\\end{proof}'));
  });
});

describe('completion data', () => {
  it('inserts real LaTeX after snippet expansion', () => {
    const byLabel = new Map(completionEntries().map((e) => [e.label, e]));
    expect(expandSnippet(byLabel.get('\\frac')!.insert)).toBe('\\frac{}{}');
    expect(expandSnippet(byLabel.get('\\alpha')!.insert)).toBe('\\alpha');
    expect(expandSnippet(byLabel.get('\\newcommand')!.insert)).toBe('\\newcommand{\\name}{}');
    expect(expandSnippet(environmentSnippet('cases'))).toBe('\\begin{cases}\n\ta & \\text{if } x > 0, \\\\\n\tb & \\text{otherwise.}\n\\end{cases}');
    expect(expandSnippet(environmentSnippet('proof'))).toBe('\\begin{proof}\n\t\n\\end{proof}');
  });

  it('offers Greek letters, align*, cases and proof', () => {
    const labels = completionEntries().map((e) => e.label);
    for (const l of ['\\alpha', '\\Omega', '\\begin{align*}', '\\begin{cases}', '\\begin{proof}', '\\begin']) expect(labels).toContain(l);
  });
});

describe('commandPrefix (what command completion completes)', () => {
  it('is the command typed after an unescaped backslash', () => {
    expect(commandPrefix('a + \\')).toBe('\\');
    expect(commandPrefix('$\\fr')).toBe('\\fr');
    expect(commandPrefix('b \\\\ \\alp')).toBe('\\alp');
    // A line break followed by a new command: the third backslash starts one.
    expect(commandPrefix('c \\\\\\')).toBe('\\');
  });
  it('is none after an escaped backslash (the `\\\\` line break) or with no backslash', () => {
    expect(commandPrefix('a &= b + c \\\\')).toBeNull();
    expect(commandPrefix('\\\\\\\\')).toBeNull();
    expect(commandPrefix('plain text')).toBeNull();
    expect(commandPrefix('\\{')).toBeNull();
  });
});

describe('plainInsert (entries Monaco can compare with what is typed)', () => {
  it('unescapes a snippet without tab stops, and leaves one with tab stops a snippet', () => {
    expect(plainInsert('\\\\alpha')).toBe('\\alpha');
    expect(plainInsert('\\\\frac{$1}{$2}')).toBeNull();
    expect(plainInsert('\\\\mathbb{${1:R}}')).toBeNull();
    expect(plainInsert('\\\\\\$')).toBe('\\$');
    const alpha = completionEntries().find((e) => e.label === '\\alpha')!;
    expect(plainInsert(alpha.insert)).toBe('\\alpha');
  });
});
