// Markdown + LaTeX habits (app/common/tex/cases/habits.ts) in the exported HTML report; the preview is
// held to the same cases (renderer/preview/habits.test.ts).
import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { HABIT_CASES, mathmlText } from '../common/tex/cases/habits';
import { parseProof } from '../proof';
import { renderReport } from './html';

/** The proof column of a one-proof report of `text`. */
function proofColumn(text: string, format: 'markdown' | 'tex'): string {
  const html = renderReport({
    title: 'habits', generatedAt: new Date(0), settings: {},
    entries: [{ name: `proof.${format === 'tex' ? 'tex' : 'md'}`, problem: 'Show it.', doc: parseProof(text, format), result: null }],
  });
  const steps = html.slice(html.indexOf('<div class="steps">'), html.lastIndexOf('</section>'));
  return [...steps.matchAll(/<div class="source">([\s\S]*?)<\/div>\n<div class="notes">/g)].map((m) => m[1]).join('\n');
}

interface HtmlNode {
  nodeName: string;
  attrs?: { name: string; value: string }[];
  childNodes?: HtmlNode[];
  value?: string;
}

const attr = (n: HtmlNode, name: string) => n.attrs?.find((a) => a.name === name)?.value;
const cls = (n: HtmlNode) => (attr(n, 'class') ?? '').split(/\s+/);

/** A node's visible text: formulas as <math>, struck text as <del>…</del>, other tags dropped. */
function text(n: HtmlNode): string {
  return cls(n).includes('katex-display') ? '<display>'
    : cls(n).includes('katex') ? '<math>'
      : n.nodeName === '#text' ? n.value ?? ''
        : n.nodeName === 'del' ? `<del>${(n.childNodes ?? []).map(text).join('')}</del>`
          : (n.childNodes ?? []).map(text).join('');
}

const page = (html: string) => parse(`<body>${html}</body>`) as unknown as HtmlNode;

/** What a reader sees (parsed as a browser does). */
function visible(html: string): string {
  return text(page(html));
}

function findAll(root: HtmlNode, test: (n: HtmlNode) => boolean, out: HtmlNode[] = []): HtmlNode[] {
  if (test(root)) out.push(root);
  for (const c of root.childNodes ?? []) findAll(c, test, out);
  return out;
}

describe('Markdown + LaTeX habits in the report', () => {
  it.each(HABIT_CASES)('$name', ({ text: source, format, shows, flowShows, hides, commaPunct, noStep, tables, unknownRefs, mathText }) => {
    const column = proofColumn(source, format);
    expect(column).not.toContain('katex-error');
    const seen = visible(column);
    for (const phrase of shows) expect(seen).toContain(phrase);
    for (const phrase of flowShows ?? []) expect(seen.replace(/\s+/g, ' ')).toContain(phrase);
    for (const phrase of hides) expect(seen).not.toContain(phrase);
    if (commaPunct) {
      // Each inline formula's own HTML (up to the next formula).
      const formulas = column.split('<span class="katex">').slice(1);
      const spaced = formulas.map((f) => /class="mpunct">,<\/span><span class="mspace"/.test(f.slice(0, f.indexOf('</span></span></span>'))));
      expect(spaced).toEqual(commaPunct);
    }
    for (const kept of noStep ?? []) expect(parseProof(source, format).steps.map((s) => s.text).join('\n')).not.toContain(kept);
    const root = page(column);
    if (tables) {
      const cells = findAll(root, (n) => n.nodeName === 'table').map((t) => findAll(t, (n) => n.nodeName === 'tr').map((row) =>
        (row.childNodes ?? []).filter((c) => c.nodeName === 'th' || c.nodeName === 'td').map(text)));
      expect(cells).toEqual(tables);
    }
    if (unknownRefs) {
      const hints = findAll(root, (n) => cls(n).includes('pw-ref-unknown'));
      expect(hints.map(text)).toEqual(unknownRefs.map(() => '??'));
      expect(hints.map((h) => attr(h, 'title'))).toEqual(unknownRefs.map((key) => `No \\label{${key}} in this document`));
    }
    if (mathText) {
      const sources = column.split('<span class="katex-mathml">').slice(1).map(mathmlText);
      for (const phrase of mathText) expect(sources.some((tex) => tex.includes(phrase)), `${phrase} in ${sources.join(' | ')}`).toBe(true);
    }
  });
});
