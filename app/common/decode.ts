// Bytes of a file a person handed in → text. Students save proofs from many editors: a UTF-8 BOM
// (Windows Notepad), or Latin-1 / Windows-1252 bytes (older Windows editors, exported .tex) are common.
// Decoding those as UTF-8 would turn every accented letter into U+FFFD without a word, and the model
// would grade the garbled text; so an invalid UTF-8 file is read as Windows-1252 and the caller says so.

/** How a file's bytes were read: `utf-8` (a BOM, if any, dropped) or `windows-1252` (not valid UTF-8). */
export type TextEncodingRead = 'utf-8' | 'windows-1252';

/**
 * Decodes `bytes` as UTF-8 without the BOM; when they are not valid UTF-8, as Windows-1252 (a superset
 * of Latin-1's printable range, which every byte maps to), so nothing is replaced silently.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingRead } {
  try {
    // ignoreBOM: false → the decoder drops a leading BOM.
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    let text = '';
    for (const byte of bytes) text += byte >= 0x80 && byte <= 0x9f ? (CP1252_HIGH[byte - 0x80] ?? String.fromCharCode(byte)) : String.fromCharCode(byte);
    return { text, encoding: 'windows-1252' };
  }
}

/**
 * Windows-1252's characters for bytes 0x80–0x9F (where it differs from Latin-1; undefined: unassigned,
 * kept as the C1 code). Spelled out because Node's TextDecoder('windows-1252') decodes these bytes as
 * Latin-1's C1 controls, turning a student's “quotes” and – dashes into invisible characters.
 */
const CP1252_HIGH: readonly (string | undefined)[] = [
  '\u20ac', undefined, '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021', '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', undefined, '\u017d', undefined,
  undefined, '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014', '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', undefined, '\u017e', '\u0178',
];
