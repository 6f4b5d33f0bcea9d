// The escaping of identifiers' underscores in model findings (finding-markdown.ts), on its edges: what it
// must leave alone (code, math, links, escapes, single-underscore emphasis) and its one trade-off.
import { describe, expect, it } from 'vitest';
import { literalIdentifierUnderscores as escape } from './finding-markdown';

describe('literalIdentifierUnderscores', () => {
  it('escapes the underscores of identifiers only', () => {
    expect(escape('window.__x and __init__ and a__b')).toBe('window.\\_\\_x and \\_\\_init\\_\\_ and a\\_\\_b');
    expect(escape('_emphasis_ and snake_case')).toBe('_emphasis_ and snake\\_case');
  });
  it('leaves code spans, math, autolinks and escaped characters as they are', () => {
    const untouched = 'See `__init__`, ``a `__x` b``, $a__1$, \\(x_{__}\\), <https://e.org/a__b> and \\_\\_done.';
    expect(escape(untouched)).toBe(untouched);
  });
  it('an unclosed backtick is text: what follows is escaped', () => {
    expect(escape('a ` then __x')).toBe('a ` then \\_\\_x');
  });
  it('shows strong emphasis written with underscores as written (models write **bold**)', () => {
    expect(escape('__bold__')).toBe('\\_\\_bold\\_\\_');
  });
});
