// A large proof's report stays a page a browser can open (NOTES: a 2 MB proof made a 163 MB report):
// KaTeX's HTML is capped per report (markdown.ts KatexAllowance), past it formulas are KaTeX's MathML;
// every finding still sits beside its step and every formula is still typeset; untrusted text past the
// cap is as escaped as before it.
import { describe, expect, it } from 'vitest';
import { renderReport } from './html';
import { REPORT_KATEX_HTML_CHARS } from './markdown';
import { largeReportInput, MATH_LINE, repeatedProof } from './testing/large-report';

/** KaTeX's CSS with its fonts (~0.4 MB) and the page's own: the report's fixed part, with room. */
const FIXED = 1_000_000;

describe('the report of a large proof', () => {
  it('is at most fixed + the KaTeX allowance + 16 × the proof + 1 KB a finding, with each finding beside its step', () => {
    // 300 KB of the densest real math (two formulas every 43 characters): ~14,000 formulas.
    const text = `${repeatedProof(MATH_LINE, 300_000)}Last: $\\text{<script>alert(1)</script>}$ and <img src=x onerror=alert(2)>.\n`;
    const { doc, result, annotations } = largeReportInput(text);
    const html = renderReport({ title: 'big', generatedAt: new Date(0), settings: {}, entries: [{ name: 'big.md', problem: 'Show it.', doc, result }] });
    const bound = FIXED + REPORT_KATEX_HTML_CHARS + 16 * text.length + 1_000 * annotations.length;
    // 11.6 MB (×39); before the cap 19 MB (×63 the proof, ~1.4 KB a formula). A 2 MB proof: 38 MB (was 125 MB).
    expect(html.length).toBeLessThanOrEqual(bound);

    // Every formula is typeset (by KaTeX, then as MathML), and the page says the later ones look plainer.
    // (Each finding's message has one formula, its quote of the step's start one or two.)
    const formulas = doc.steps.reduce((n, s) => n + s.math.length, 0) + 2 * annotations.length;
    const typeset = html.split('<span class="katex">').length - 1;
    const mathml = html.split('<span class="katex pw-mathml">').length - 1;
    expect(typeset).toBeGreaterThan(1000);
    expect(mathml).toBeGreaterThan(1000);
    expect(typeset + mathml).toBeGreaterThanOrEqual(formulas);
    expect(html).not.toMatch(/\$\\frac|\$x\^2\$/);
    expect(html).toContain(`the last ${mathml.toLocaleString('en-US')} formulas are drawn by the browser's own math (MathML)`);
    expect(html).not.toContain('katex-error');

    // Each finding in the notes column of its own step, the last ones (past the cap) included.
    for (const [i, a] of annotations.entries()) {
      const at = html.indexOf(`<div class="step" id="${a.stepId}">`);
      expect(at, a.stepId!).toBeGreaterThan(0);
      const next = html.indexOf('<div class="step', at + 10);
      const row = html.slice(at, next < 0 ? undefined : next);
      expect(row, `FINDING-${i}`).toContain(`FINDING-${i}: the bound on`);
    }
    // Untrusted text past the cap: escaped, never a tag.
    const body = html.slice(html.indexOf('<body>'));
    expect(body).not.toMatch(/<script|<img/i);
    expect(body).toContain('&lt;img src=x onerror=alert(2)&gt;');
  });
});
