import { describe, expect, it } from 'vitest';
import { mathFragments } from '../proof';
import { renderMarkdownWithMath, texTextToMarkdown } from './markdown';

describe('report Markdown rendering', () => {
  it('hides an HTML comment inside a paragraph as the preview does, keeps one in a code span, and writes every other raw HTML as text', () => {
    const text = 'We have $x = 1$ <!-- check the sign --> here, and `<!-- kept -->` in code.\n\n<div onclick="x()">\n**raw** <img src=x onerror=alert(1)>\n</div>\n\nThen <script>alert(2)</script> <!--\nmulti-line\n--> end.';
    const html = renderMarkdownWithMath(text, mathFragments(text));
    expect(html).not.toContain('check the sign');
    expect(html).not.toContain('multi-line');
    expect(html).toContain('<code>&lt;!-- kept --&gt;</code>');
    expect(html).not.toMatch(/<(img|script|div)\b/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toMatch(/here, and/);
  });

  it('typesets all four math delimiters and keeps Markdown away from TeX', () => {
    const text = 'Let $a_1 * a_2$ and \\(b_1 * b_2\\), then $$x_1 = y_1$$ and \\[z_1 = w_1.\\]';
    const html = renderMarkdownWithMath(text, mathFragments(text));
    expect(html.match(/class="katex"/g)).toHaveLength(4);
    expect(html.match(/katex-display/g)).toHaveLength(2);
    // Underscores and stars inside math did not become emphasis.
    expect(html).not.toContain('<em>');
  });

  it('shows malformed math as an inline KaTeX error instead of failing the report', () => {
    const text = 'Broken: $\\frac{1}{$ here.';
    const html = renderMarkdownWithMath(text, mathFragments(text));
    expect(html).toContain('katex-error');
    expect(html).toContain('here.');
  });

  it('turns the common text-mode LaTeX of .tex proofs into Markdown', () => {
    expect(texTextToMarkdown('\\section*{Claim} text % a comment\nand 50\\% done')).toBe('## Claim\n text \nand 50\\% done');
    expect(texTextToMarkdown('\\emph{a} \\textbf{b} \\qed')).toBe('*a* **b** ∎');
    // A control space is a space; a line break before a space stays a line break.
    expect(texTextToMarkdown('Mr.\\ Smith and x\\\\ y')).toBe('Mr. Smith and x  \n y');
    const html = renderMarkdownWithMath('Hence $x=1$.~\\qed', mathFragments('Hence $x=1$.~\\qed'), { format: 'tex' });
    expect(html).toContain('∎');
    expect(html).not.toContain('\\qed');
  });

  it('keeps proof text that contains the internal placeholder tokens as text (PWMATH0X)', () => {
    const text = 'Token PWMATH0X and PWMATH1X stay; $a+b$ is math.';
    const html = renderMarkdownWithMath(text, mathFragments(text));
    expect(html).toContain('Token PWMATH0X and PWMATH1X stay;');
    expect(html.match(/class="katex"/g)).toHaveLength(1);
    const nested = 'PWMATH PWMATHK1K0X $x$';
    expect(renderMarkdownWithMath(nested, mathFragments(nested))).toContain('PWMATH PWMATHK1K0X <span class="katex"');
  });

  it('keeps private-use placeholder characters in the text as text, and ends a text command before a formula', () => {
    const text = 'Odd \uE0000\uE001 stays; $a$ is math.';
    const html = renderMarkdownWithMath(text, mathFragments(text));
    expect(html).toContain('Odd \uE0000\uE001 stays;');
    expect(html.match(/class="katex"/g)).toHaveLength(1);
    // `\hfill$\square$`: the command ends at the `$`, as in LaTeX (a placeholder of letters ran into its name).
    const tex = 'Done.\\hfill$\\square$ and \\S$3$';
    const out = renderMarkdownWithMath(tex, mathFragments(tex, undefined, 'tex'), { format: 'tex' });
    expect(out).not.toContain('\\hfill');
    expect(out).toContain('§<span class="katex"');
  });

  it("reads Markdown prose's dashes and ellipsis as Pandoc prints them, never code, math or .tex text", () => {
    const text = 'Cauchy--Schwarz for $a--b$---see `x--y`...';
    const html = renderMarkdownWithMath(text, mathFragments(text));
    expect(html).toContain('Cauchy–Schwarz for ');
    expect(html).toContain('—see <code>x--y</code>…');
    expect(renderMarkdownWithMath('So...', [], { format: 'tex' })).toContain('So...');
  });

  it("reads LaTeX's tie before a reference (Theorem~\\ref{key}) as a no-break space, as LaTeX prints it, not a tilde", () => {
    const text = 'By Theorem~\\ref{t:a} and~\\eqref{e:b}, not ~~struck~~.';
    const labels = new Map([['t:a', '1.1'], ['e:b', '3']]);
    const html = renderMarkdownWithMath(text, mathFragments(text), { equations: { first: 1, labels } });
    expect(html).toContain('By Theorem\u00a01.1 and\u00a0(3), not <del>struck</del>.');
    expect(html).not.toContain('~');
    // Struck out just before a reference, the reference still shows its number.
    expect(renderMarkdownWithMath('~~old~~\\ref{t:a}', [], { equations: { first: 1, labels } })).toContain('<del>old</del>1.1');
  });

  it('shows a formula over the limits as its source with the reason, without typesetting it', () => {
    const text = `Deep: $${'\\frac{1}{'.repeat(500)}x${'}'.repeat(500)}$ and fine $y$.`;
    const html = renderMarkdownWithMath(text, mathFragments(text));
    expect(html).toContain('[Formula nested too deeply to typeset or check (500 levels; the limit is 100)]');
    expect(html.match(/class="katex"/g)).toHaveLength(1);
  });

  it('says a long formula without macros is too long, not that its macros expand', () => {
    const text = `Long: $${'x+'.repeat(13_000)}y$.`;
    const html = renderMarkdownWithMath(text, mathFragments(text));
    expect(html).toContain('[Formula too long to typeset or check: 26,001 characters; the limit is 20,000]');
    expect(html).not.toContain('macros');
  });

  // Review 9, finding 11: the stop after inline math wrapped onto a line alone (as the preview, renderer/preview/math-punctuation.test.tsx).
  it('keeps a full stop or comma after inline math with the formula in one no-wrap span, never after a display or an error', () => {
    const text = 'Hence $f(x) = cx$ for all $x \\in \\mathbb{R}$. With $c = f(1)$, as claimed; and $y$ then.\n\n$$z = 1.$$\n';
    const html = renderMarkdownWithMath(text, mathFragments(text));
    expect([...html.matchAll(/<span class="pw-math-nowrap">/g)]).toHaveLength(2);
    // Each wrapper closes right after its punctuation; no stop or comma follows a formula outside one.
    expect(html).toMatch(/<\/span>\.<\/span> With/);
    expect(html).toMatch(/<\/span>,<\/span> as claimed/);
    expect(html).not.toMatch(/<\/span>[.,;]\s/);
    expect(html).toContain(' for all ');
    const other = 'See $$z = 1$$. And $\\frac{1$, then.';
    expect(renderMarkdownWithMath(other, mathFragments(other))).not.toContain('pw-math-nowrap');
  });
});
