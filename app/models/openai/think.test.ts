import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitInlineThink, ThinkStreamSplitter } from './think';

describe('splitInlineThink', () => {
  it('separates <think> blocks from the answer', () => {
    expect(splitInlineThink('<think>try n=1</think>\n\nThe proof is complete.')).toEqual({ text: 'The proof is complete.', reasoning: 'try n=1' });
  });
  it('handles a template that opened the tag itself', () => {
    expect(splitInlineThink('hmm</think>Answer')).toEqual({ text: 'Answer', reasoning: 'hmm' });
  });
  it('leaves an unclosed think block in the text, for the answer parsers to read as no answer', () => {
    expect(splitInlineThink('<think>still going \\boxed{1}')).toEqual({ text: '<think>still going \\boxed{1}' });
  });
  it('leaves plain answers alone', () => {
    expect(splitInlineThink('no tags')).toEqual({ text: 'no tags' });
  });
});

describe('ThinkStreamSplitter', () => {
  const full = '<think>a < b, so </thi is not a tag</think>Final: \\boxed{1}';
  it('labels reasoning and answer however the text is chunked', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: full.length - 1 }), { maxLength: 15 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), full.length];
        const splitter = new ThinkStreamSplitter();
        const chunks = [];
        for (let i = 0; i + 1 < points.length; i++) chunks.push(...splitter.push(full.slice(points[i], points[i + 1])));
        chunks.push(...splitter.flush());
        const reasoning = chunks.filter((c) => c.reasoning).map((c) => c.text).join('');
        const answer = chunks.filter((c) => !c.reasoning).map((c) => c.text).join('');
        expect(reasoning).toBe('a < b, so </thi is not a tag');
        expect(answer).toBe('Final: \\boxed{1}');
      }),
    );
  });
  it('streams untagged content as answer text', () => {
    const splitter = new ThinkStreamSplitter();
    expect([...splitter.push('Hello'), ...splitter.flush()]).toEqual([{ text: 'Hello', reasoning: false }]);
  });
});
