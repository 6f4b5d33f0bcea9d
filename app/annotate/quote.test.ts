import { describe, expect, it } from 'vitest';
import { locateQuote } from './quote';

const proof = String.raw`Let \(f(x) = \left( x+1 \right)^2\). Then *clearly* $f(x)\,\geq\, 0$ for all~$x$.

By __Lemma 2__ we get \[ a_{n+1} \le a_n + 1. \]`;

const slice = (quote: string, within?: { start: number; end: number }) => {
  const r = locateQuote(proof, quote, within);
  return r && proof.slice(r.start, r.end);
};

describe('locateQuote', () => {
  it('finds an exact quote and returns its exact source range', () => {
    expect(slice('for all')).toBe('for all');
  });

  it('tolerates $ vs \\(, spacing commands, \\left/\\right and whitespace', () => {
    // A quoted formula is placed whole, delimiters included, whichever the source writes.
    expect(slice('$f(x) = (x + 1)^2$')).toBe(String.raw`\(f(x) = \left( x+1 \right)^2\)`);
    expect(slice(String.raw`f(x) \geq 0 for all $x$`)).toBe(String.raw`f(x)\,\geq\, 0$ for all~$x$`);
    expect(slice(String.raw`\(a_{n+1}\le a_n+1.\)`)).toBe(String.raw`a_{n+1} \le a_n + 1.`);
  });

  it('ignores Markdown emphasis markers but keeps subscripts', () => {
    expect(slice('Then clearly')).toBe('Then *clearly');
    expect(slice('By Lemma 2 we get')).toBe('By __Lemma 2__ we get');
    expect(slice('a{n+1}')).toBeNull();
  });

  it('accepts curly quotes around the quote, case differences and "..." for omitted text', () => {
    expect(slice('“then CLEARLY”')).toBe('Then *clearly');
    expect(slice('By Lemma 2 ... a_n + 1')).toBe(String.raw`By __Lemma 2__ we get \[ a_{n+1} \le a_n + 1`);
  });

  it('searches only inside `within`, and refuses tiny quotes without a range to search', () => {
    const second = { start: proof.indexOf('By'), end: proof.length };
    expect(slice('x', second)).toBeNull();
    expect(slice('a_n', second)).toBe('a_n');
    expect(slice('x')).toBeNull();
    expect(slice('not in the proof at all')).toBeNull();
    expect(slice('   ')).toBeNull();
  });

  it('a quote ending (or starting) at a formula takes its delimiter too, not a formula cut short (rev4)', () => {
    const text = 'Let $c = f(1)$.\r\rSetting $x = y = 0$ in the equation gives $f(0) = 2f(0)$, and \\(g(0) = 0\\) too.';
    const at = (quote: string) => {
      const r = locateQuote(text, quote);
      return r && text.slice(r.start, r.end);
    };
    expect(at('Setting $x = y = 0$')).toBe('Setting $x = y = 0$');
    expect(at('$f(0) = 2f(0)$, and')).toBe('$f(0) = 2f(0)$, and');
    expect(at('and \\(g(0) = 0\\)')).toBe('and \\(g(0) = 0\\)');
    expect(at('Setting $x = y')).toBe('Setting $x = y');
    expect(at('$c = f(1)$.')).toBe('$c = f(1)$.');
  });

  it('takes both delimiters of a quote that starts and ends at formulas, displays and emphasis too, and nothing the quote does not have (rev5)', () => {
    const text = 'Let $a = 1$ and $b = 2$. Hence\n$$x^2 = 4$$\nso \\(a\\) and \\(b\\) hold, and \\[y = 0\\] too. So $x$ is *odd*. First line\\\\$x = 1$ now: $p = 3$ ok.';
    const at = (quote: string) => {
      const r = locateQuote(text, quote);
      return r && text.slice(r.start, r.end);
    };
    expect(at('$a = 1$')).toBe('$a = 1$');
    expect(at('$a = 1$ and $b = 2$')).toBe('$a = 1$ and $b = 2$');
    expect(at('\\(a\\) and \\(b\\)')).toBe('\\(a\\) and \\(b\\)');
    expect(at('$$x^2 = 4$$')).toBe('$$x^2 = 4$$');
    expect(at('Hence $$x^2 = 4$$')).toBe('Hence\n$$x^2 = 4$$');
    expect(at('$$x^2 = 4$$ so')).toBe('$$x^2 = 4$$\nso');
    expect(at('\\[y = 0\\]')).toBe('\\[y = 0\\]');
    expect(at('So $x$ is *odd*')).toBe('So $x$ is *odd*');
    expect(at('First line\\\\$x = 1$')).toBe('First line\\\\$x = 1$');
    // A quote that stops inside a formula, or starts inside one, is not widened past what it quotes.
    expect(at('now: $p = 3')).toBe('now: $p = 3');
    expect(at('a = 1$ and')).toBe('a = 1$ and');
    expect(at('is odd')).toBe('is *odd');
  });
});
