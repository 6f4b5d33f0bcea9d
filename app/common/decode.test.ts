import { describe, expect, it } from 'vitest';
import { decodeText } from './decode';

describe('decodeText (files students hand in)', () => {
  it('reads UTF-8 as is and drops a BOM', () => {
    expect(decodeText(Buffer.from('Par récurrence', 'utf8'))).toEqual({ text: 'Par récurrence', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('\ufeff## Proof', 'utf8'))).toEqual({ text: '## Proof', encoding: 'utf-8' });
  });

  it('reads bytes that are not UTF-8 as Windows-1252, never as U+FFFD, and says so', () => {
    // é = 0xE9 in Latin-1; 0x80 is the euro sign and 0x93/0x94 curly quotes, 0x96 a dash in Windows-1252.
    const { text, encoding } = decodeText(Buffer.from([0x72, 0xe9, 0x63, 0x20, 0x80, 0x20, 0x93, 0x61, 0x94, 0x96]));
    expect(text).toBe('réc € “a”–');
    expect(encoding).toBe('windows-1252');
    expect(text).not.toContain('\ufffd');
  });
});
