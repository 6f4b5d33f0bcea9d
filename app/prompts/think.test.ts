import { describe, expect, it } from 'vitest';
import { splitThink } from './think';

describe('splitThink', () => {
  it('keeps only the text after the last </think>', () => {
    const s = splitThink('<think>first try \\boxed{1}</think> draft </think>\nHere is my evaluation');
    expect(s.answer).toBe('Here is my evaluation');
    expect(s.reasoning).toBe('first try \\boxed{1}</think> draft');
    expect(s.unterminated).toBe(false);
  });

  it('handles a closing tag without an opening one (template-inserted <think>)', () => {
    const s = splitThink('reasoning here\n</think>\n\nanswer');
    expect(s).toEqual({ answer: 'answer', reasoning: 'reasoning here', unterminated: false });
  });

  it('treats an unclosed <think> as all reasoning', () => {
    const s = splitThink('<think>I think the score is \\boxed{1} but let me check');
    expect(s.answer).toBe('');
    expect(s.unterminated).toBe(true);
    expect(s.reasoning).toContain('let me check');
  });

  it('returns plain text unchanged (trimmed)', () => {
    expect(splitThink('  plain answer \n')).toEqual({ answer: 'plain answer', unterminated: false });
  });
});
