// Property-based: any Markdown + LaTeX, built from the pieces proofs are made of (delimiters,
// environments, macros, quotes, lists, code, the report's placeholder token) or arbitrary text, goes
// through the parser, the checker and the report renderer without throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Checker } from '../check';
import { renderReport } from '../report/html';
import { parseProof } from './parse';

const PIECES = [
  '$', '$$', '\\[', '\\]', '\\(', '\\)', '\\begin{align}', '\\end{align}', '\\begin{proof}', '\\end{proof}', '{', '}', '\\frac{1}{', '\\left(', '\\right)',
  '>', '> > ', '- ', '1. ', '\n', '\n\n', '# ', '`', '```\n', 'x', 'y_1', '=', '+', '2', ' ', '&', '\\\\', '%', '<b>', '\\newcommand{\\a}{x+\\a}', '\\a',
  '\\newcommand{\\b}[1]{#1#1}', '\\b{\\b{z}}', 'PWMATH0X', '\\sqrt', '\\end{', '\\begin{', '\t', '\r\n', '\u00a0', 'é', '𝔽',
];

const proofText = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 200 }),
);

describe('parser, checker and report on arbitrary input', () => {
  it('never throw, and steps stay inside the text in order', () => {
    fc.assert(
      fc.property(proofText, fc.constantFrom('markdown' as const, 'tex' as const), (text, format) => {
        const doc = parseProof(text, format);
        let last = 0;
        for (const step of doc.steps) {
          expect(step.range.start).toBeGreaterThanOrEqual(last);
          expect(step.range.end).toBeLessThanOrEqual(text.length);
          last = step.range.end;
        }
        const report = new Checker().check(doc);
        expect(Array.isArray(report.annotations)).toBe(true);
        const html = renderReport({
          title: 'fuzz',
          generatedAt: new Date(0),
          settings: {},
          entries: [{ name: 'fuzz.md', problem: text.slice(0, 40), doc, result: null, checker: report.annotations }],
        });
        expect(html).toContain('</html>');
      }),
      { numRuns: 150 },
    );
  });
});
