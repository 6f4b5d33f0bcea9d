// Bounds on the work one document may cause, shared by every surface (engine, CLI, report, renderer).
// Each limit is far above what real proofs need and comes with a message a person can act on.
//
//   - MAX_DOCUMENT_CHARS: a document larger than this is refused when opened, edited or parsed
//     (5 million UTF-16 code units, about 5 MB of text; the longest real proofs are ~100 KB);
//   - MAX_MATH_NESTING: braces / \left…\right / environments nested deeper than this inside one
//     formula are not given to KaTeX or the checker (their parsers recurse per level);
//   - MAX_MATH_EXPANSION_CHARS: a formula longer than this, or whose macros would expand to more, is not
//     typeset or checked. KaTeX's maxExpand counts expansions, not what they produce: one macro with a long
//     body used many times made `check` use 5 GB. MAX_DOCUMENT_EXPANSION_CHARS bounds what macros add
//     over a whole document (KaTeX renders roughly 50 µs per expanded character: 2M is ~100 s at worst).
// This file is pure (no Node, no DOM) so the renderer may import it (eslint layer rule).

export const MAX_DOCUMENT_CHARS = 5_000_000;
export const MAX_MATH_NESTING = 100;
export const MAX_MATH_EXPANSION_CHARS = 20_000;
export const MAX_DOCUMENT_EXPANSION_CHARS = 2_000_000;
/**
 * What macros may add over a whole document in the live preview, which renders on the UI thread as
 * the user types: 40,000 characters is about 2 s of KaTeX at the rate above (a 15 KB bomb took 5.6 s on a
 * loaded, shared 2-core machine; 9.2 s with 100,000), on the first render only (blocks are cached). A 13 KB
 * macro bomb froze the preview for over a minute under the 2M total. Real proofs add far less
 * (`\R` → `\mathbb{R}` adds 9 characters a use).
 */
export const MAX_PREVIEW_EXPANSION_CHARS = 40_000;

/**
 * The longest line the checker reads. Real lines are at most a few thousand characters; a 1.9 MB line of
 * 75,000 formulas took 14 s to check (a 200 KB one 1.4–3 s) on a shared 2-core machine, and the editor
 * and preview struggle with such a line anyway. A longer line gets one note (`lineTooLongToCheck`) and its
 * formulas are not checked; the rest of the document is. Lines, not paragraphs: a 3,000-line proof with no
 * blank line is one Markdown paragraph of 180 KB, checked in seconds.
 */
export const MAX_CHECKED_LINE_CHARS = 100_000;

/** The checker's note on a line over MAX_CHECKED_LINE_CHARS. */
export function lineTooLongToCheck(chars: number): string {
  return `Not checked: this line is too long to check (${formatChars(chars)}; the limit is ${MAX_CHECKED_LINE_CHARS.toLocaleString('en-US')})`;
}

/** Thrown for a document over MAX_DOCUMENT_CHARS; the message names the sizes. */
export class DocumentTooLargeError extends Error {
  readonly rpcCode = 'invalid-request';
  constructor(readonly chars: number) {
    super(
      `the document is too large: ${formatChars(chars)} of text, and Proofwright works on documents of up to ${formatChars(MAX_DOCUMENT_CHARS)} (split it into several files)`,
    );
    this.name = 'DocumentTooLargeError';
  }
}

function formatChars(n: number): string {
  return `${n.toLocaleString('en-US')} characters`;
}

/** Throw DocumentTooLargeError when `length` (UTF-16 code units) is over the limit. */
export function assertDocumentSize(length: number): void {
  if (length > MAX_DOCUMENT_CHARS) throw new DocumentTooLargeError(length);
}

/** Deepest nesting of `{…}`, `\left…\right` and `\begin…\end` in a TeX string (one linear scan). */
export function texNestingDepth(tex: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex.charCodeAt(i);
    if (c === 0x5c) {
      // \left \right \begin \end change depth; any other control sequence or escaped char is skipped.
      const m = /^(left|right|begin|end)(?![A-Za-z])/.exec(tex.slice(i + 1, i + 7));
      if (m) {
        depth += m[1] === 'left' || m[1] === 'begin' ? 1 : -1;
        i += m[1].length;
      } else i++;
    } else if (c === 0x7b) depth++;
    else if (c === 0x7d) depth--;
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

const CONTROL_WORD = /\\([A-Za-z@]+)/g;

/**
 * An upper estimate of how many characters `tex` becomes once its macros are expanded: each use of a
 * macro counts its body, whose own macro uses count theirs (memoised in `sizes`, capped at the limit;
 * a macro that uses itself counts as over the limit). Arguments are not multiplied: KaTeX's maxExpand
 * bounds that kind of growth.
 */
export function expandedSize(tex: string, macros: Readonly<Record<string, string>>, sizes = new Map<string, number>()): number {
  const cap = MAX_MATH_EXPANSION_CHARS + 1;
  const sizeOfMacro = (name: string, level: number): number => {
    const known = sizes.get(name);
    if (known !== undefined) return known;
    if (level > MAX_MATH_NESTING) return cap; // a chain of macros this long is not a real proof's
    sizes.set(name, cap); // in progress: a cycle counts as too large
    const body = macros[name];
    const size = typeof body === 'string' ? Math.min(cap, sizeOf(body, level + 1)) : name.length;
    sizes.set(name, size);
    return size;
  };
  const sizeOf = (text: string, level: number): number => {
    let total = text.length;
    CONTROL_WORD.lastIndex = 0;
    const uses: string[] = [];
    for (let m = CONTROL_WORD.exec(text); m; m = CONTROL_WORD.exec(text)) if (Object.prototype.hasOwnProperty.call(macros, `\\${m[1]}`)) uses.push(`\\${m[1]}`);
    for (const name of uses) {
      total += sizeOfMacro(name, level) - name.length;
      if (total >= cap) return cap;
    }
    return total;
  };
  return sizeOf(tex, 0);
}

/**
 * The limits for the formulas of one document, in order: each formula's nesting and expansion, and
 * what macros add over all of them (`documentLimit`, MAX_DOCUMENT_EXPANSION_CHARS unless given), so many formulas just under the per-formula
 * limit cannot add up to hours of work either.
 */
export class MathBudget {
  private spentChars = 0;

  /**
   * @param macros the document's macro table (name with backslash → body).
   * @param sizes memo of expanded sizes per macro name, shareable between budgets for the same table.
   * @param documentLimit what macros may add over all formulas checked with this budget (characters).
   */
  constructor(
    private readonly macros: Readonly<Record<string, string>> = {},
    private readonly sizes = new Map<string, number>(),
    private readonly documentLimit = MAX_DOCUMENT_EXPANSION_CHARS,
  ) {}

  /** Characters added by macros in the formulas accepted so far. */
  get spent(): number {
    return this.spentChars;
  }

  /**
   * Count `growth` characters accepted earlier (a formula rendered before and reused from a cache):
   * true when they fit in what is left, false (nothing counted) when they would go over the limit.
   */
  charge(growth: number): boolean {
    if (this.spentChars + growth > this.documentLimit) return false;
    this.spentChars += growth;
    return true;
  }

  /** The reason `tex` is not to be typeset or checked, or null (and its size is counted as spent). */
  check(tex: string, count = true): string | null {
    const depth = texNestingDepth(tex);
    if (depth > MAX_MATH_NESTING) return `Formula nested too deeply to typeset or check (${depth} levels; the limit is ${MAX_MATH_NESTING})`;
    // A formula long by itself is said to be long: "its macros expand" would be false when it has none.
    if (tex.length > MAX_MATH_EXPANSION_CHARS) {
      return `Formula too long to typeset or check: ${formatChars(tex.length)}; the limit is ${MAX_MATH_EXPANSION_CHARS.toLocaleString('en-US')}`;
    }
    const size = Object.keys(this.macros).length === 0 ? tex.length : expandedSize(tex, this.macros, this.sizes);
    if (size > MAX_MATH_EXPANSION_CHARS) {
      return `Formula too large to typeset or check: its macros expand to more than ${MAX_MATH_EXPANSION_CHARS.toLocaleString('en-US')} characters`;
    }
    // Only what macros add counts towards the document's total: plain math is bounded by the document size.
    const growth = size - tex.length;
    if (count && !this.charge(growth)) {
      return `Formula not typeset or checked: the document's macros together expand by more than ${this.documentLimit.toLocaleString('en-US')} characters`;
    }
    return null;
  }
}
