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

describe('splitThink: gpt-oss Harmony channels passed through raw', () => {
  it('reads the final channel as the answer and the analysis as reasoning', () => {
    const s = splitThink('<|channel|>analysis<|message|>Maybe \\boxed{1}.<|end|><|start|>assistant<|channel|>final<|message|>The step fails.<|return|>');
    expect(s).toEqual({ answer: 'The step fails.', reasoning: 'Maybe \\boxed{1}.', unterminated: false });
  });
  it('treats analysis that never reached the final channel as no answer', () => {
    expect(splitThink('<|channel|>analysis<|message|>So \\boxed{1}')).toMatchObject({ answer: '', unterminated: true });
  });
  it('leaves text without channels to the <think> rules', () => {
    expect(splitThink('a</think>b')).toEqual({ answer: 'b', reasoning: 'a', unterminated: false });
  });
});
