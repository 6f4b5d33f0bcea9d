// A line too long to check (rev review: a 2 MB line of formulas kept the check thread busy for
// minutes with no word to the user): it gets one note saying so, and the rest of the document is checked.
import { describe, expect, it } from 'vitest';
import { Checker, fromProofDocument } from '.';
import { MAX_CHECKED_LINE_CHARS } from '../common/limits';
import { parseProof } from '../proof';

const LINE = 'Then $a_{i} + b = c$ and ';

describe('a line over the checked length', () => {
  it('gets one "not checked" note with its length and the limit; its slips are not read, the next line\'s are', () => {
    const long = LINE.repeat(75_000) + 'so $2 + 2 = 5$ here.';
    const text = `${long}\nFinally $3 + 4 = 8$ by counting.\n`;
    const started = performance.now();
    const annotations = new Checker().check(fromProofDocument(parseProof(text, 'markdown'))).annotations;
    const ms = performance.now() - started;
    const notes = annotations.filter((a) => a.message.startsWith('Not checked'));
    expect(notes.map((a) => a.message)).toEqual([`Not checked: this line is too long to check (${long.length.toLocaleString('en-US')} characters; the limit is ${MAX_CHECKED_LINE_CHARS.toLocaleString('en-US')})`]);
    expect(notes[0]?.range?.start).toBe(0); // at the line's opening words, not over its 1.9 MB
    expect(notes[0]?.range?.end).toBeLessThanOrEqual(40);
    const fails = annotations.filter((a) => a.severity === 'critical');
    expect(fails.map((a) => a.quote)).toEqual(['3 + 4 = 8']);
    expect(ms).toBeLessThan(10_000); // 0.1–0.2 s here; 14 s when the line was read
  });

  it('a line at the limit is checked as before', () => {
    const text = `${LINE.repeat(Math.floor((MAX_CHECKED_LINE_CHARS - 40) / LINE.length))}so $2 + 2 = 5$ here.\n`;
    expect(text.trim().length).toBeLessThanOrEqual(MAX_CHECKED_LINE_CHARS);
    const annotations = new Checker().check(fromProofDocument(parseProof(text, 'markdown'))).annotations;
    expect(annotations.filter((a) => a.message.startsWith('Not checked'))).toEqual([]);
    expect(annotations.filter((a) => a.severity === 'critical').map((a) => a.quote)).toEqual(['2 + 2 = 5']);
  });
});
