import { describe, expect, it } from 'vitest';
import { mathFragments } from './math';
import { blankMacroDefinitions, collectMacros, onlyMacroDefinitions } from './macros';
import { renderTex } from './katex';
import { tagNotAllowed } from './environments';

const texs = (text: string, format: 'markdown' | 'tex' = 'markdown') => mathFragments(text, undefined, format).map((f) => f.tex);

describe('mathFragments (the one scanner)', () => {
  it('finds all four delimiters and math environments with exact ranges', () => {
    const text = 'Let $x_1$ and \\(y\\). Then $$a=b$$ and \\[c\\] and \\begin{align*}d&=e\\end{align*}.';
    const spans = mathFragments(text);
    expect(spans.map((s) => s.delimiter)).toEqual(['$', '\\(', '$$', '\\[', 'env']);
    for (const s of spans) expect(text.slice(s.contentRange.start, s.contentRange.end)).toBe(s.tex);
    expect(spans.map((s) => s.tex)).toEqual(['x_1', 'y', 'a=b', 'c', 'd&=e']);
    expect(spans.map((s) => s.display)).toEqual([false, false, true, true, true]);
  });

  it('leaves escaped dollars, prices and unclosed delimiters as text', () => {
    expect(texs('costs \\$5 and \\$6')).toEqual([]);
    expect(texs('from $5 to $6')).toEqual([]);
    expect(texs('an open $x and more')).toEqual([]);
    expect(texs('$$ never closed')).toEqual([]);
  });

  it("follows Pandoc's rule in Markdown: currency amounts are text (l1)", () => {
    expect(texs('The first plan costs $20,000 and the second costs $30,000, so the second one is dearer.')).toEqual([]);
    expect(texs('between $ x $ and $y$')).toEqual(['y']);
    // Pandoc gives up at the first `$` outside braces that cannot close (a digit after it, a space
    // before it): that opener was a dollar sign, and later math is read on its own.
    expect(texs('$x$5 then $y$')).toEqual(['y']);
    expect(texs('Each ticket costs $5 and $n$ tickets cost $5n$.')).toEqual(['n', '5n']);
    expect(texs('She saved $40; since $2x = 40$ we get $x = 20$.')).toEqual(['2x = 40', 'x = 20']);
    expect(texs('US$300 and US$25, so with $p$ phones')).toEqual(['p']);
    expect(texs('a $50 bill and\n$8.75 back, so $50 - 8.75 = 41.25$')).toEqual(['50 - 8.75 = 41.25']);
    // Inside a brace group a `$` is nested math, not a reason to give up.
    expect(texs('$\\text{if $n$ is odd} + 1$ and $5')).toEqual(['\\text{if $n$ is odd} + 1']);
    // TeX's rule in .tex files: any `$` opens and closes.
    expect(texs('costs $20,000 and $30,000', 'tex')).toEqual(['20,000 and ']);
  });

  it('does not end math at an escaped dollar (l3)', () => {
    expect(texs('The total is $T = \\$5 \\cdot n$ for $n$ items.')).toEqual(['T = \\$5 \\cdot n', 'n']);
  });

  it('keeps math nested in text nested in math as one formula', () => {
    expect(texs('So $\\text{for every $n$ odd}$ holds.')).toEqual(['\\text{for every $n$ odd}']);
    expect(texs('$$x = 1 \\quad \\text{if $n \\ge 2$}$$ and $y$')).toEqual(['x = 1 \\quad \\text{if $n \\ge 2$}', 'y']);
    expect(texs('\\(a \\text{ when $b$ }\\)')).toEqual(['a \\text{ when $b$ }']);
  });

  it('does not look for math inside inline code (l4)', () => {
    expect(texs('`$x$` but $y$')).toEqual(['y']);
    expect(texs('The script reads `$HOME` and prints `cost=$5 $x$`; separately $x + 1 = 2$ gives $x = 1$.')).toEqual(['x + 1 = 2', 'x = 1']);
  });

  it('does not let inline math cross a blank line', () => {
    expect(texs('$a\n\nb$')).toEqual([]);
  });
});

describe('collectMacros (the one macro model)', () => {
  it('reads every definition form, wherever it is', () => {
    const macros = collectMacros(
      '\\newcommand{\\R}{\\mathbb{R}}\n\\newcommand\\N{\\mathbb{N}}\n\\renewcommand{\\abs}[1]{\\left|#1\\right|}\n' +
      '\\DeclareMathOperator{\\rank}{rank}\n\\DeclareMathOperator*{\\argmax}{arg\\,max}\n\\def\\pair#1#2{(#1,#2)}\n' +
      'Text $\\gdef\\eps{\\varepsilon}$ and $$\\newcommand{\\norm}[1]{\\lVert #1\\rVert}$$ \\let\\phi\\varphi \\let\\to=\\rightarrow',
    );
    expect(macros).toEqual({
      '\\R': '\\mathbb{R}', '\\N': '\\mathbb{N}', '\\abs': '\\left|#1\\right|',
      '\\rank': '\\operatorname{rank}', '\\argmax': '\\operatorname*{arg\\,max}', '\\pair': '(#1,#2)',
      '\\eps': '\\varepsilon', '\\norm': '\\lVert #1\\rVert', '\\phi': '\\varphi', '\\to': '\\rightarrow',
    });
  });

  it('ignores malformed definitions, lets the document override the base and \\providecommand not', () => {
    expect(collectMacros('\\newcommand{\\broken}{unclosed')).toEqual({});
    expect(collectMacros('\\newcommand{\\R}{\\mathbb{R}}\\providecommand{\\C}{C}\\providecommand{\\Z}{Z}', { '\\R': 'R', '\\C': '\\mathbb{C}' }))
      .toEqual({ '\\R': '\\mathbb{R}', '\\C': '\\mathbb{C}', '\\Z': 'Z' });
  });

  it('blanks definitions in a fragment without moving anything else', () => {
    const tex = '\\newcommand{\\norm}[1]{\\Vert #1\\Vert} x + \\def\\a{b} y';
    const blanked = blankMacroDefinitions(tex);
    expect(blanked).toHaveLength(tex.length);
    expect(blanked.trim().replace(/\s+/g, ' ')).toBe('x + y');
    expect(onlyMacroDefinitions('\\newcommand{\\R}{\\mathbb{R}}\n% note\n\\let\\phi\\varphi')).toBe(true);
    expect(onlyMacroDefinitions('\\newcommand{\\R}{\\mathbb{R}} Let $x$.')).toBe(false);
  });
});

describe('renderTex (the one KaTeX configuration)', () => {
  it('renders a fragment that (re)defines a macro the document table already has (l6)', () => {
    const norm = { '\\norm': '\\left\\Vert #1 \\right\\Vert' };
    expect(renderTex('\\newcommand{\\norm}[1]{\\left\\Vert #1 \\right\\Vert}', true, norm)).toHaveProperty('html');
    expect(renderTex('\\DeclareMathOperator{\\rk}{rk} \\rk A', false, { '\\rk': '\\operatorname{rk}' })).toHaveProperty('html');
    expect(renderTex('\\norm{x} \\ge 0', false, norm)).toHaveProperty('html');
  });

  it('knows \\ensuremath in macro bodies (l5) and LaTeX-only environments', () => {
    expect(renderTex('x \\in \\R', false, { '\\R': '\\ensuremath{\\mathbb{R}}' })).toHaveProperty('html');
    expect(renderTex('a &= b \\\\ c &= d', true, {}, 'flalign')).toHaveProperty('html');
  });

  it('reads a \\newcommand optional first argument as LaTeX does: `[…]` when given, the default otherwise', () => {
    const macros = collectMacros('\\newcommand{\\vect}[2][n]{(#2_1, \\dots, #2_{#1})}\n\\newcommand{\\ip}[3][]{\\langle #2, #3 \\rangle_{#1}}');
    const same = (a: string, b: string) => {
      const [x, y] = [renderTex(a, false, macros), renderTex(b, false, {})];
      expect(x, a).toHaveProperty('html');
      // The annotation keeps each formula's source; the typeset output must match.
      const shown = (r: typeof x) => ('html' in r ? r.html.replace(/<annotation[\s\S]*?<\/annotation>/, '') : r.error.message);
      expect(shown(x), a).toBe(shown(y));
    };
    same('\\vect{x}', '(x_1, \\dots, x_{n})');
    same('\\vect[m+1]{y}', '(y_1, \\dots, y_{m+1})');
    same('\\ip{a}{b}', '\\langle a, b \\rangle_{}');
    // Nested calls keep their own arguments.
    same('\\ip[H]{\\vect[k]{z}}{\\vect{w}}', '\\langle (z_1, \\dots, z_{k}), (w_1, \\dots, w_{n}) \\rangle_{H}');
  });

  it('refuses a \\tag inside aligned, gathered, split or cases as amsmath does, even one (l11 kind)', () => {
    expect(tagNotAllowed('\\begin{aligned} x &= 1 \\tag{1} \\end{aligned}')).toMatchObject({ message: expect.stringMatching(/^\\tag not allowed here/), start: 23 });
    expect(tagNotAllowed('\\begin{split} x &= 1 \\tag*{A} \\end{split}')).not.toBeNull();
    expect(tagNotAllowed('f = \\begin{cases} 1 \\tag{1} \\end{cases}')).not.toBeNull();
    // On the display's own rows, and after an inner environment is closed, a tag is fine.
    expect(tagNotAllowed('x &= 1 \\tag{1} \\\\ y &= 2 \\tag{2}')).toBeNull();
    expect(tagNotAllowed('\\begin{aligned} x &= 1 \\\\ y &= 2 \\end{aligned} \\tag{2}')).toBeNull();
    expect(tagNotAllowed('\\text{\\\\tag} x')).toBeNull();
    // Every surface reports it: the renderer too (KaTeX alone would typeset it).
    expect(renderTex('\\begin{aligned} x &= 1 \\tag{1} \\end{aligned}', true, {})).toHaveProperty('error');
  });

  it('gives a repeated formula the same result, and a changed macro body a new one (typeset results are remembered by content)', () => {
    const html = (macros: Record<string, string>) => {
      const out = renderTex('x \\in \\K', false, macros);
      return 'html' in out ? out.html : out.error.message;
    };
    const reals = html({ '\\K': '\\mathbb{R}' });
    expect(html({ '\\K': '\\mathbb{R}' })).toBe(reals);
    const integers = html({ '\\K': '\\mathbb{Z}' });
    expect(integers).not.toBe(reals);
    expect(integers).toContain('Z');
    // Display and inline, and an error then its fix, are told apart.
    expect(renderTex('x', true, {})).not.toEqual(renderTex('x', false, {}));
    expect(renderTex('\\frac{1}{', false, {})).toHaveProperty('error');
    expect(renderTex('\\frac{1}{2}', false, {})).toHaveProperty('html');
  });

  it('locates errors in the fragment content, even inside a wrapping environment', () => {
    const tex = 'a &= \\oops b';
    const out = renderTex(tex, true, {}, 'align');
    expect('error' in out && tex.slice(out.error.start, out.error.end)).toBe('\\oops');
  });

  it('still reports two \\tag in one aligned row set (l11)', () => {
    const out = renderTex('\\begin{aligned}\nx &= 1 \\tag{1}\\\\\ny &= 2 \\tag{2}\n\\end{aligned}', true, {});
    expect(out).toHaveProperty('error');
  });
});
