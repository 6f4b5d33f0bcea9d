// LaTeX round 4: what `check` itself reads wrong in real-shaped LaTeX (the shared reading's part is
// app/common/tex/round4.test.ts).
import { describe, expect, it } from 'vitest';
import { Checker } from './checker';

const check = (text: string) => new Checker({ symbolic: true }).check({ text, format: 'markdown' });

describe('a \\newcommand inside align*', () => {
  it('is not part of the row it stands on: the row is judged without it', () => {
    const text = '\\begin{align*}\n\\newcommand{\\s}{2}\n(x+1)^2 &= x^2 + 2x + 1 \\\\\n&\\ge 0.\n\\end{align*}';
    const rows = check(text).computations.map((c) => ({ left: c.left.trim(), status: c.status }));
    expect(rows[0]).toEqual({ left: '(x+1)^2', status: 'verified' });
    expect(check(text).computations.map((c) => c.message).join('\n')).not.toContain('newcommand');
  });
});
