// Markdown + LaTeX habits (app/common/tex/cases/habits.ts) in the exported HTML report; the preview is
// held to the same cases (renderer/preview/habits.test.ts).
import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { HABIT_CASES } from '../common/tex/cases/habits';
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

/** What a reader sees (parsed as a browser does): formulas as <math>, struck text as <del>…</del>, other tags dropped. */
function visible(html: string): string {
  const cls = (n: HtmlNode) => (n.attrs?.find((a) => a.name === 'class')?.value ?? '').split(/\s+/);
  const text = (n: HtmlNode): string =>
    cls(n).includes('katex-display') ? '<display>'
      : cls(n).includes('katex') ? '<math>'
        : n.nodeName === '#text' ? n.value ?? ''
          : n.nodeName === 'del' ? `<del>${(n.childNodes ?? []).map(text).join('')}</del>`
            : (n.childNodes ?? []).map(text).join('');
  return text(parse(`<body>${html}</body>`) as unknown as HtmlNode);
}

describe('Markdown + LaTeX habits in the report', () => {
  it.each(HABIT_CASES)('$name', ({ text, format, shows, hides, commaPunct, noStep }) => {
    const column = proofColumn(text, format);
    expect(column).not.toContain('katex-error');
    const seen = visible(column);
    for (const phrase of shows) expect(seen).toContain(phrase);
    for (const phrase of hides) expect(seen).not.toContain(phrase);
    if (commaPunct) {
      // Each inline formula's own HTML (up to the next formula).
      const formulas = column.split('<span class="katex">').slice(1);
      const spaced = formulas.map((f) => /class="mpunct">,<\/span><span class="mspace"/.test(f.slice(0, f.indexOf('</span></span></span>'))));
      expect(spaced).toEqual(commaPunct);
    }
    for (const source of noStep ?? []) expect(parseProof(text, format).steps.map((s) => s.text).join('\n')).not.toContain(source);
  });
});
