// The punctuation that stays on a line with the inline formula before it. A typeset formula is one
// box, and browsers may break a line between a box and the full stop after it (Chromium treats the
// box as an object, which allows a break on either side): "… for all $x$." then ends a line with the
// formula and starts the next with a lone ".". LaTeX never does this; the preview and the report both
// keep the two together (a no-wrap wrapper around the formula and this punctuation).

/** Closing punctuation that must not start a line: stops, commas, colons, closing brackets and quotes. */
const TRAILING = /^[.,;:!?)\]}…’”'"]+/;

/**
 * How many characters at the start of `after` (the text right after an inline formula) belong on the
 * formula's line: a run of closing punctuation (`.`, `,`, `;`, `:`, `!`, `?`, `)`, `]`, `}`, `…`, closing
 * quotes), 0 when the text starts otherwise (a space, a letter) or is empty.
 */
export function punctuationAfterMath(after: string): number {
  return TRAILING.exec(after)?.[0].length ?? 0;
}

/** The class of the no-wrap wrapper around an inline formula and its trailing punctuation (styled `white-space: nowrap`). */
export const MATH_NOWRAP_CLASS = 'pw-math-nowrap';
