import { describe, expect, it } from 'vitest';
import { parseNumberDraft } from './NumberField';

describe('parseNumberDraft', () => {
  const samples = { label: 'Verify samples', integer: true, min: 1 };
  const temperature = { label: 'Temperature', min: 0, max: 2 };

  it('reads what the user typed, whole', () => {
    expect(parseNumberDraft('16', samples)).toBe(16);
    expect(parseNumberDraft(' 2048 ', samples)).toBe(2048);
    expect(parseNumberDraft('0.6', temperature)).toBe(0.6);
    expect(parseNumberDraft('.5', temperature)).toBe(0.5);
  });

  it('names the field and the rule when the draft is not acceptable', () => {
    for (const bad of ['', '0', '1.5', 'abc', '4e', '1,5', '1e3', '2.0', '0x10']) {
      expect(parseNumberDraft(bad, samples)).toBe('Verify samples must be a whole number of at least 1');
    }
    expect(parseNumberDraft('2.5', temperature)).toBe('Temperature must be a number from 0 to 2');
    expect(parseNumberDraft('-1', temperature)).toBe('Temperature must be a number from 0 to 2');
  });
});
