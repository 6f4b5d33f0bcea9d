// File names the app creates, and file names it shows.
//
// A bidirectional control in a name reorders how it reads: `x<U+202E>gnp.md` is shown as "xdm.png", a
// faked extension (the "Trojan Source" trick, CVE-2021-42574; VS Code and GitHub warn about such text).
// Invisible and control characters make two names that look the same. So no new name may hold one
// (`newNameProblem`), and a name that already has one on disk is shown with the character written out
// as `[U+202E]`, as the editor shows it (`visibleName`), never applied.
//
// Windows (where a synced workspace may be opened) cannot hold a file named CON, PRN, AUX, NUL, COM1–9 or
// LPT1–9 whatever its extension or case, nor a name ending in a dot or a space: VS Code's rule
// (src/vs/base/common/extpath.ts isValidBasename) and Microsoft's "Naming Files, Paths, and Namespaces".

/** The bidirectional controls of Unicode (UAX #9), with their names for the refusal. */
const BIDI_CONTROLS: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};

/**
 * Characters that show nothing in a name: zero width space, word joiner, BOM, line and paragraph
 * separators. (Zero width joiner and non-joiner are left alone: emoji sequences and Persian words need them.)
 */
const INVISIBLE: Record<number, string> = {
  0x200b: 'ZERO WIDTH SPACE',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x2060: 'WORD JOINER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

/** The bidi controls and invisible characters, as one character class's contents, from the two tables above. */
const UNSEEN = [...Object.keys(BIDI_CONTROLS), ...Object.keys(INVISIBLE)].map((cp) => `\\u${Number(cp).toString(16).padStart(4, '0')}`).join('');

/** Every character `visibleName` writes out: C0 and C1 controls, DEL, the bidi controls, the invisible ones. */
const HIDDEN = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${UNSEEN}]`, 'g');

/** The bidi controls and invisible characters alone (no C0/C1 controls: a message's line breaks and tabs are its own). */
const HIDDEN_IN_TEXT = new RegExp(`[${UNSEEN}]`, 'g');

/** `U+202E`: the code point as the editor writes it (four hex digits at least, upper case). */
function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * `text` (a file name or path) with each bidirectional control, invisible and control character written
 * out as `[U+XXXX]`, so it shows what it holds in its own order. Other text is unchanged.
 */
export function visibleName(text: string): string {
  return text.replace(HIDDEN, (ch) => `[${codePoint(ch)}]`);
}

/**
 * A message that may quote a file name ("Saved x<U+202E>gnp.md"), with each bidirectional control and
 * invisible character written out as `[U+XXXX]` as `visibleName` does; line breaks and tabs stay. A
 * quoted name's override would otherwise reorder the rest of the message around it (the Saved notice
 * read "Saved old ✕ dm.png").
 */
export function visibleInMessage(text: string): string {
  return text.replace(HIDDEN_IN_TEXT, (ch) => `[${codePoint(ch)}]`);
}

/** The character's description for a refusal: `U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control`. */
function describeHidden(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (BIDI_CONTROLS[cp]) return `${codePoint(ch)} ${BIDI_CONTROLS[cp]}, a bidirectional control that makes a name read differently from what it is (a faked extension, say)`;
  if (INVISIBLE[cp]) return `${codePoint(ch)} ${INVISIBLE[cp]}, an invisible character`;
  return `${codePoint(ch)}, a control character`;
}

/** CON, PRN, AUX, NUL, COM1–9, LPT1–9, alone or before any extension, in any case. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * Why `name` (one file or folder name, no separators) may not be given to a file the app creates, as
 * a sentence naming the name (shown with `visibleName`), or null when it may. Refused: a bidirectional
 * control, invisible or control character (the first one found is named); a name Windows reserves; a
 * name ending in a dot or a space.
 */
export function newNameProblem(name: string): string | null {
  const shown = `"${visibleName(name)}"`;
  const hidden = name.match(new RegExp(HIDDEN.source));
  if (hidden) return `the name ${shown} holds ${describeHidden(hidden[0])}; choose a name without it`;
  const reserved = WINDOWS_RESERVED.exec(name);
  if (reserved) {
    return `the name ${shown} cannot be used on Windows: ${reserved[1].toUpperCase()} is a device name there, with any extension and in any case; choose another name`;
  }
  if (/[. ]$/.test(name) && name !== '.' && name !== '..') {
    return `the name ${shown} cannot be used on Windows: a name there cannot end in ${name.endsWith('.') ? 'a dot' : 'a space'}; choose another name`;
  }
  return null;
}
