// How one choice's deltas become its answer, reasoning and finish (the rules the held-out server
// scenarios in cases/heldout/ exercise end to end through `proofwright verify`).
import { describe, expect, it } from 'vitest';
import type { TokenChunk } from '../backend';
import { ChoicePicker, ChoiceStream, contentParts, finishOf } from './chatStream';

describe('contentParts', () => {
  it('reads a string, and Mistral-style text and thinking parts', () => {
    expect(contentParts('plain')).toEqual({ text: 'plain', thinking: '' });
    expect(contentParts([{ type: 'thinking', thinking: [{ type: 'text', text: 'hmm ' }, { type: 'text', text: 'ok' }] }, { type: 'text', text: 'Answer.' }])).toEqual({
      text: 'Answer.',
      thinking: 'hmm ok',
    });
  });

  it('reads no text from null, numbers, images or references', () => {
    for (const value of [null, undefined, 3, { type: 'image_url', image_url: { url: 'x' } }, [{ type: 'reference', reference_ids: [1] }]]) {
      expect(contentParts(value)).toEqual({ text: '', thinking: '' });
    }
  });
});

describe('ChoiceStream', () => {
  it('takes the first non-empty reasoning field, never both copies of the same text', () => {
    const stream = new ChoiceStream();
    stream.add({ reasoning_content: '', reasoning: 'A' });
    stream.add({ reasoning_content: 'B', reasoning: 'B' });
    stream.add({ reasoning_content: null, reasoning: 'C', content: 'Answer' });
    expect(stream.parts()).toEqual({ text: 'Answer', reasoning: 'ABC' });
  });

  it('streams thinking parts as reasoning tokens, text parts as answer tokens', () => {
    const tokens: TokenChunk[] = [];
    const stream = new ChoiceStream((t) => tokens.push(t));
    stream.add({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'think' }] }] });
    stream.add({ content: [{ type: 'text', text: 'say' }] });
    stream.flush();
    expect(tokens).toEqual([
      { text: 'think', reasoning: true },
      { text: 'say', reasoning: false },
    ]);
  });

  it('a "stop" followed by more text is no finish; one with or after the last text is', () => {
    const stream = new ChoiceStream();
    stream.add({ reasoning_content: 'thinking' });
    stream.setFinish('stop');
    stream.add({ content: 'Answer \\boxed{1}' });
    expect(stream.finish).toBeUndefined();
    stream.add({ content: '' }); // an empty delta says nothing
    stream.setFinish('stop');
    stream.add({ content: '' });
    expect(stream.finish).toBe('stop');
  });

  it('a finish that is no completion stands against a later "stop"', () => {
    for (const first of ['abort', 'length', { type: 'abort', message: 'client gone' }]) {
      const stream = new ChoiceStream();
      stream.add({ content: '\\boxed{1}' });
      stream.setFinish(first);
      stream.add({ content: 'more' });
      stream.setFinish('stop');
      expect(stream.finish).not.toBe('stop');
    }
  });

  it('a completion can still be overridden by a later content_filter', () => {
    const stream = new ChoiceStream();
    stream.add({ content: '\\boxed{1}' });
    stream.setFinish('stop');
    stream.setFinish('content_filter');
    expect(stream.finish).toBe('content_filter');
  });
});

describe('ChoicePicker', () => {
  it('follows choice 0 and ignores the others, whatever their order', () => {
    const picker = new ChoicePicker();
    expect(picker.pick([{ index: 1, n: 'b' }, { index: 0, n: 'a' }])).toEqual({ index: 0, n: 'a' });
    expect(picker.pick([{ index: 1, n: 'c' }])).toBeUndefined();
    expect(picker.pick([{ n: 'no index is 0' }])).toEqual({ n: 'no index is 0' });
    expect(picker.pick([])).toBeUndefined();
    expect(picker.pick({ index: 0 })).toBeUndefined();
  });

  it('follows a server that numbers its one choice from another index', () => {
    const picker = new ChoicePicker();
    expect(picker.pick([{ index: 1, n: 'a' }])).toEqual({ index: 1, n: 'a' });
    expect(picker.pick([{ index: 1, n: 'b' }])).toEqual({ index: 1, n: 'b' });
    expect(picker.conflict).toBeUndefined();
  });

  it('marks a stream whose choice 0 comes after the one it followed: it holds several answers', () => {
    const picker = new ChoicePicker();
    picker.pick([{ index: 1, n: 'other' }]);
    expect(picker.conflict).toBeUndefined();
    picker.pick([{ index: 0, n: 'ours?' }]);
    expect(picker.conflict).toEqual({ followed: 1 });
  });
});

describe('finishOf', () => {
  it('reads no finish from null written as a string, a word or SGLang object otherwise', () => {
    for (const none of [null, undefined, '', 'null', 'None', ' NULL ', 'undefined']) expect(finishOf(none)).toBeUndefined();
    expect(finishOf('stop')).toEqual({ word: 'stop' });
    expect(finishOf({ type: 'abort', message: ' client gone ' })).toEqual({ word: 'abort', message: 'client gone' });
    expect(finishOf(42)).toEqual({ word: '42' });
  });
});
