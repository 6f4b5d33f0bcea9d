// A checker message or a finding's quote, cut into what is typeset (inline math) and what stays text.
import { describe, expect, it } from 'vitest';
import { findingQuoteSegments, inlineMathSegments, type InlineSegment } from './inline-math';

/** Segments as `text`, `[code]` and `$math$`, to compare at a glance. */
const shown = (segments: InlineSegment[]) =>
  segments.map((s) => (s.kind === 'math' ? `$${s.fragment.tex}$` : s.kind === 'code' ? `[${s.text}]` : s.text)).join('|');

describe('inlineMathSegments', () => {
  it("typesets a computation message's formulas and keeps the rest as text", () => {
    expect(shown(inlineMathSegments('Computation fails at $a = 2$: $\\frac{a}{b} \\ge 2$ — left side = 0.5'))).toBe(
      'Computation fails at |$a = 2$|: |$\\frac{a}{b} \\ge 2$| — left side = 0.5');
  });

  it('reads \\(…\\) as inline math too', () => {
    expect(shown(inlineMathSegments('so \\(x \\ge 0\\) holds'))).toBe('so |$x \\ge 0$| holds');
  });

  it('leaves quoted delimiters in code spans and display math as text', () => {
    expect(shown(inlineMathSegments('`\\(` is never closed by `\\)`'))).toBe('[\\(]| is never closed by |[\\)]');
    expect(shown(inlineMathSegments('`$$` opens math that is never closed'))).toBe('[$$]| opens math that is never closed');
    expect(shown(inlineMathSegments('put it inside $$x = 1$$ or \\[ y \\]'))).toBe('put it inside $$x = 1$$ or \\[ y \\]');
  });

  it("follows Pandoc's `$` rule: money is text", () => {
    expect(shown(inlineMathSegments('costs $20,000 and $30,000'))).toBe('costs $20,000 and $30,000');
  });

  it('reads a .tex quote by TeX rules: backticks are text there', () => {
    expect(shown(inlineMathSegments("``quoted'' and $ x $", 'tex'))).toBe("``quoted'' and |$ x $");
  });
});

describe('findingQuoteSegments', () => {
  const checker = { source: 'checker', verdict: 'unchecked' } as const;
  it("typesets a computation finding's quote whole (it is the inside of a formula), unless clipped", () => {
    const calc = { id: 'check:calc:abc', provenance: checker };
    expect(shown(findingQuoteSegments(calc, '\\frac{1}{2} \\ge \\frac{2}{3}', 'markdown'))).toBe('$\\frac{1}{2} \\ge \\frac{2}{3}$');
    expect(shown(findingQuoteSegments(calc, '\\frac{1}{2} \\ge \\fr…', 'markdown', true))).toBe('\\frac{1}{2} \\ge \\fr…');
  });

  it("typesets only the math of any other quote (the proof's source)", () => {
    const lint = { id: 'check:lint:unclosed-math:x', provenance: checker };
    expect(shown(findingQuoteSegments(lint, '\\(', 'markdown'))).toBe('\\(');
    const verifier = { id: 'v1', provenance: { source: 'verifier', verdict: 'unchecked' } as const };
    expect(shown(findingQuoteSegments(verifier, 'since $x^2 \\ge 0$ always', 'markdown'))).toBe('since |$x^2 \\ge 0$| always');
  });
});

describe('a computation quoted from an align or cases row', () => {
  it('is typeset without its alignment tab and row break (KaTeX refuses them outside their environment)', () => {
    const calc = { id: 'check:calc:abc', provenance: { source: 'checker', verdict: 'unchecked' } as const };
    expect(shown(findingQuoteSegments(calc, '1 & x > 0', 'markdown'))).toBe('$1   x > 0$');
    expect(shown(findingQuoteSegments(calc, 'b \\\\[2pt] &= c \\& d', 'markdown'))).toBe('$b    = c \\& d$');
  });
});
