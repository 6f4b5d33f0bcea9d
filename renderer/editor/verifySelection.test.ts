import { describe, expect, it } from 'vitest';
import { nonBlankSpan, REVEAL_SOURCE, selectionIsUsers, verifyScope } from './verifySelection';

describe('what a Verify with a selection checks', () => {
  const text = '\n# Claim\n\nLet $n$ be odd.\n\nThen $n^2$ is odd.\n\n';
  const content = nonBlankSpan(text);

  it('finds the non-blank span of the text', () => {
    expect(content).toEqual({ start: 1, end: text.indexOf('odd.\n\n', text.indexOf('Then')) + 4 });
    expect(nonBlankSpan(' \n\t\n')).toBeNull();
    expect(nonBlankSpan('')).toBeNull();
    expect(nonBlankSpan('x')).toEqual({ start: 0, end: 1 });
  });

  it('takes Ctrl+A (the whole text) and a selection of every non-blank character as the whole proof', () => {
    expect(verifyScope({ start: 0, end: text.length }, content)).toBeNull();
    expect(verifyScope({ start: content!.start, end: content!.end }, content)).toBeNull();
    expect(verifyScope({ start: 0, end: text.length }, nonBlankSpan('  \n'))).toBeNull();
  });

  it('keeps a selection of some of the text, and none for an empty one', () => {
    const step = { start: text.indexOf('Let'), end: text.indexOf('odd.') + 4 };
    expect(verifyScope(step, content)).toEqual(step);
    // All but the last character is a part: its steps are verified.
    expect(verifyScope({ start: 0, end: content!.end - 1 }, content)).toEqual({ start: 0, end: content!.end - 1 });
    expect(verifyScope({ start: content!.start + 1, end: text.length }, content)).toEqual({ start: content!.start + 1, end: text.length });
    expect(verifyScope({ start: 5, end: 5 }, content)).toBeNull();
  });

  it("counts the user's keys and clicks, not Replace's selection or the app's jumps", () => {
    expect(selectionIsUsers('keyboard', false, false)).toBe(true);
    expect(selectionIsUsers('replaceAll', false, true)).toBe(false);
    expect(selectionIsUsers(REVEAL_SOURCE, false, true)).toBe(false);
    expect(selectionIsUsers('api', true, true)).toBe(false);
    expect(selectionIsUsers('model', false, true)).toBe(true);
  });
});
