// Nested Markdown lists in the preview: each item is a row of its own, and together the rows must
// show the lists a CommonMark parser reads from the whole text (mdast-util-from-markdown is the
// oracle): every item under the same ancestor lists, with the same number.
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { List, ListItem, Nodes } from 'mdast';
import { describe, expect, it } from 'vitest';
import { PreviewRenderer } from './incremental';
import type { PreviewNode } from './renderBlock';
import { LIST_CASES, visibleItems } from '../../app/common/tex/cases/lists';
import { MAX_INDENTED_LIST_LEVELS } from '../../app/common/lists';

interface Item { text: string; lists: string; number?: number }

const squash = (s: string) => s.replace(/\$[^$]*\$/g, '<math>').replace(/\s+/g, ' ').trim();

/** The items CommonMark reads from the whole document. */
function commonMark(doc: string): Item[] {
  const out: Item[] = [];
  const textOf = (n: Nodes): string => ('value' in n ? n.value : 'children' in n ? (n.children as Nodes[]).map(textOf).join(' ') : '');
  const walk = (n: Nodes, lists: string[]) => {
    if (n.type === 'list') {
      const tag = n.ordered ? 'ol' : 'ul';
      (n as List).children.forEach((item: ListItem, i) => {
        const own = item.children.filter((c) => c.type !== 'list').map(textOf).join(' ');
        out.push({ text: squash(own), lists: [...lists, tag].join('>'), ...(n.ordered ? { number: (n.start ?? 1) + i } : {}) });
        for (const c of item.children) walk(c, [...lists, tag]);
      });
      return;
    }
    if ('children' in n) for (const c of n.children as Nodes[]) walk(c, lists);
  };
  walk(fromMarkdown(doc), []);
  return out;
}

/** The items the preview shows, row by row: each marked item with the lists around it and its number. */
function preview(doc: string): Item[] {
  const out: Item[] = [];
  const textOf = (n: PreviewNode): string =>
    n.kind === 'text' ? n.value : n.kind === 'math' ? '<math>' : n.kind === 'el' && n.tag !== 'ul' && n.tag !== 'ol' ? n.children.map(textOf).join('') + (n.tag === 'p' ? ' ' : '') : '';
  const walk = (n: PreviewNode, lists: string[], list?: Extract<PreviewNode, { kind: 'el' }>) => {
    if (n.kind !== 'el') return;
    if (n.tag === 'ul' || n.tag === 'ol') {
      for (const c of n.children) walk(c, [...lists, n.tag], n);
      return;
    }
    if (n.tag === 'li' && n.className !== 'pw-list-parent') {
      const index = list!.children.filter((c) => c.kind === 'el' && c.tag === 'li').indexOf(n);
      out.push({ text: squash(n.children.map(textOf).join('')), lists: lists.join('>'), ...(list!.tag === 'ol' ? { number: (list!.start ?? 1) + index } : {}) });
    }
    for (const c of n.children) walk(c, lists, list);
  };
  for (const b of new PreviewRenderer().update(doc).blocks) for (const n of b.rendered.nodes) walk(n, []);
  return out;
}

const CASES: Record<string, string> = {
  'ordered with a bullet sub-list (3 spaces)': '1. Case one\n   - sub a\n   - sub b\n2. Case two',
  'bullets nested by 2 spaces, three deep': '- a\n  - b\n    - c\n  - d\n- e',
  'bullets nested by 4 spaces': '* one\n    * two\n        * three\n    * four\n* five',
  'ordered in ordered, counted on': '3. first\n4. second\n   1. inner\n   1. inner again\n5. third',
  'all items numbered 1': '1. x\n1. y\n1. z',
  'a lazy continuation line': '- item starts\ncontinued lazily\n  - child item\n- next',
  'math inside items': '1. Since $x^2 \\ge 0$, we have\n   - $x = 0$, or\n   - $x^2 > 0$.\n2. Hence $f(x) \\ge 0$.',
  'a loose list with blank lines': '1. Case one\n\n   - sub a\n\n   - sub b\n\n2. Case two\n\n   - sub c',
  'a paragraph after the list ends it': '- a\n  - b\n\nAfter.\n\n- c',
  'a new bullet character starts a new list': '- a\n- b\n+ c\n  1) d\n  2) e',
};

describe('nested lists in the preview', () => {
  it.each(Object.entries(CASES))('%s: the same items, nesting and numbers as CommonMark', (_, doc) => {
    const expected = commonMark(doc);
    expect(expected.some((i) => i.lists.includes('>')) || !doc.includes('\n ')).toBe(true);
    expect(preview(doc)).toEqual(expected);
  });
});

describe('a later paragraph of a list item', () => {
  it('is shown inside the item (indented with it, no marker), and the list goes on after it', () => {
    const blocks = new PreviewRenderer().update('1. Case one\n\n   More about case one, $x > 0$.\n\n2. Case two').blocks;
    expect(blocks.map((b) => b.kind)).toEqual(['list-item', 'paragraph', 'list-item']);
    expect(blocks[1].rendered.nodes).toMatchObject([{ tag: 'ol', children: [{ tag: 'li', className: 'pw-list-parent', children: [{ tag: 'p' }] }] }]);
    expect(blocks[2].rendered.nodes).toMatchObject([{ tag: 'ol', start: 2 }]);
  });
});

describe('LaTeX lists in the preview', () => {
  it('numbers the items of an enumerate 1., 2., … (nested ones on their own), and bullets those of an itemize', () => {
    const doc = [
      '\\documentclass{article}', '\\begin{document}',
      '\\begin{enumerate}', '\\item First', '\\item Second',
      '\\begin{itemize}', '\\item sub a', '\\item sub b', '\\end{itemize}',
      '\\item Third',
      '\\begin{enumerate}', '\\item inner one', '\\item inner two', '\\end{enumerate}',
      '\\item Fourth', '\\end{enumerate}',
      '\\begin{enumerate}', '\\item Again', '\\end{enumerate}',
      '\\end{document}',
    ].join('\n');
    expect(preview(doc)).toEqual([
      { text: 'First', lists: 'ol', number: 1 },
      { text: 'Second', lists: 'ol', number: 2 },
      { text: 'sub a', lists: 'ol>ul' },
      { text: 'sub b', lists: 'ol>ul' },
      { text: 'Third', lists: 'ol', number: 3 },
      { text: 'inner one', lists: 'ol>ol', number: 1 },
      { text: 'inner two', lists: 'ol>ol', number: 2 },
      { text: 'Fourth', lists: 'ol', number: 4 },
      // A new enumerate counts from 1 again.
      { text: 'Again', lists: 'ol', number: 1 },
    ]);
  });
});

describe('lists: the preview and the report agree', () => {
  // app/report/lists-parity.test.ts holds the HTML report to the same expectations.
  const escape = (t: string) => t.replace(/[&<>"]/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' })[c]};`);
  const html = (n: PreviewNode): string =>
    n.kind === 'text' ? escape(n.value)
      : n.kind === 'math' ? n.html
        : n.kind === 'math-error' ? escape(n.source)
          : `<${n.tag}${n.className ? ` class="${n.className}"` : ''}${n.start !== undefined ? ` start="${n.start}"` : ''}>${n.children.map(html).join('')}</${n.tag}>`;
  it.each(LIST_CASES)('$name: the shared case\'s items with the same markers, depths and text', ({ text, format, expected }) => {
    const rows = new PreviewRenderer().update(text, {}, format).blocks.map((b) => `<div>${b.rendered.nodes.map(html).join('')}</div>`);
    expect(visibleItems(rows.join('\n'))).toEqual(expected);
  });
});

describe('the \\begin lines of LaTeX lists', () => {
  // LaTeX prints nothing for \begin{enumerate}/\begin{itemize}/\begin{description}; the preview showed a bold
  // "Enumerate." / "Itemize." title above the items, which the report (and the PDF) never shows.
  it('show no title in the preview', () => {
    const doc = '\\begin{enumerate}\n\\item one\n\\end{enumerate}\n\n\\begin{itemize}\n\\item two\n\\end{itemize}\n\n\\begin{description}\n\\item[Ring] three\n\\end{description}\n';
    const text = (n: PreviewNode): string => (n.kind === 'text' ? n.value : n.kind === 'el' ? n.children.map(text).join('') : '');
    const shown = new PreviewRenderer().update(doc).blocks.map((b) => b.rendered.nodes.map(text).join('')).join('\n');
    expect(shown).toContain('one');
    expect(shown).not.toMatch(/Enumerate|Itemize|Description/);
  });
});

describe('deeply nested lists in the preview', () => {
  // 40 levels of nested bullets ran past the preview's right edge: each level indented another 1.6em.
  const doc = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');
  /** How many of the lists around a row's item indent it (the others are pw-list-flat: no padding). */
  const indentedLevels = (n: PreviewNode): number =>
    n.kind !== 'el' ? 0
      : (['ul', 'ol'].includes(n.tag) && !(n.className ?? '').split(' ').includes('pw-list-flat') ? 1 : 0) + Math.max(0, ...n.children.map(indentedLevels));

  it('indent no deeper than MAX_INDENTED_LIST_LEVELS levels, every item still at its place in the lists', () => {
    const blocks = new PreviewRenderer().update(doc).blocks;
    expect(blocks.map((b) => Math.max(...b.rendered.nodes.map(indentedLevels)))).toEqual(Array.from({ length: 40 }, (_, i) => Math.min(i + 1, MAX_INDENTED_LIST_LEVELS)));
    expect(preview(doc).map((i) => i.lists.split('>').length)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  // The style sheet's rules for these classes are checked in Chromium (e2e/render-findings-lists.test.ts).
});
