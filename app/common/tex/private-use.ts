// The private-use characters the surfaces use as marks inside a document's text (the preview's
// formula/reference/name/table places, renderer/preview/renderBlock.ts; the unknown-reference control
// symbol, references.ts UNKNOWN_REF_MACRO; resolveRefs' sentinel, numbering.ts) lie in U+E000–U+E01F.
// A document may hold such characters itself (pasted from a PDF whose fonts map glyphs there): they
// must never be read as our marks. Each surface shields its input once, on entry, and shows the user's
// characters again where it prints text.

/** The range our marks use: U+E000–U+E01F (32 characters). */
const RESERVED = /[\uE000-\uE01F]/;
const RESERVED_ALL = /[\uE000-\uE01F]/g;
/**
 * Where a document's own characters of that range go while it is processed: U+FDD0–U+FDEF, the 32
 * noncharacters Unicode keeps for a program's internal use (never in interchanged text). One UTF-16
 * unit for one: offsets into the text stay exact.
 */
const SHIELDED = /[\uFDD0-\uFDEF]/;
const SHIELDED_ALL = /[\uFDD0-\uFDEF]/g;
const SHIFT = 0xfdd0 - 0xe000;

/**
 * `text` with every character in U+E000–U+E01F moved to U+FDD0–U+FDEF (same length, same offsets), so
 * no mark can be forged or misread; `text` itself (no copy) when it holds none, the common case, at the
 * cost of one scan for the range.
 */
export function shieldPrivateUse(text: string): string {
  return RESERVED.test(text) ? text.replace(RESERVED_ALL, (c) => String.fromCharCode(c.charCodeAt(0) + SHIFT)) : text;
}

/** Printed text with the characters shieldPrivateUse moved put back as the document had them. */
export function unshieldPrivateUse(text: string): string {
  return SHIELDED.test(text) ? text.replace(SHIELDED_ALL, (c) => String.fromCharCode(c.charCodeAt(0) - SHIFT)) : text;
}
