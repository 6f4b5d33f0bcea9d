// The incremental block split (issue 11, keystroke-to-paint): after any sequence of edits, carrying
// the split through each one gives exactly the blocks (ranges, kinds, texts, keys) of a fresh split.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeProof } from '../../bench/preview.bench';
import { pastedProof } from '../../bench/paste-typing.bench';
import { splitBlocks } from '../../app/common/blocks';
import { formatOfText } from '../../app/common/tex/document';
import { fullSplit, splitIncremental, withCleanUntil, type SplitState } from './incrementalSplit';

// Pieces that change the block structure: blank lines, display math and its closers, environments
// (math and text), headings, list items, rules, fences, code spans, preambles, macro definitions.
const PIECES = [
  '\n', '\n\n', '\n\n\n', ' ', 'x', 'Let $a$ be', '$', '$$', '$$x$$', '\\[', '\\]', '\\(', '\\)', '\\begin{align}', '\\end{align}',
  '\\begin{proof}', '\\end{proof}', '# Head', '## H $x$', '- item', '1. item', '---', '```', '~~~', '`', '\\newcommand{\\R}{x}',
  '**Step 1.**', '\\begin{document}', '\\documentclass{article}', '\\\\', '{', '}', '%', '\\section{S}',
  // The core splitter's own block rules: HTML comments (across blank lines), `\item`, nested items, CRLF.
  '<!--', '-->', '<!-- note -->', '\\item x', '  - nested', '\r\n', '$$\n',
  // Indentation, quotes, bare list markers, a backslash at a line's end (it escapes the line break for
  // the scanner) and an unbalanced `\end{` inside `$$` (its close then depends on a later `$$`).
  '    ', '> ', '- ', '1. ', 'a:', '\\', '\\end{',
  // YAML front matter (a block only at the text's start, closed by a later `---`/`...` line).
  '---\ntitle: x\n---\n', 'title: x\n', '---\n', '...\n',
];
const piece = fc.constantFrom(...PIECES);
const text = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));
const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.array(piece, { maxLength: 3 }).map((p) => p.join('')) });
/** Without the pieces that send every split of the text to a full one (code spans, fences, comments, preambles). */
const incrementalPiece = fc.constantFrom(...PIECES.filter((p) => !/`|~~~|<!--|-->|\\begin\{document\}|\\documentclass/.test(p)));
const incrementalText = fc.array(incrementalPiece, { maxLength: 30 }).map((p) => p.join(''));
const incrementalEdit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.array(incrementalPiece, { maxLength: 3 }).map((p) => p.join('')) });

function apply(source: string, e: { at: number; remove: number; insert: string }): string {
  const at = e.at % (source.length + 1);
  return source.slice(0, at) + e.insert + source.slice(Math.min(source.length, at + e.remove));
}

function expectSameAsFull(state: SplitState, source: string): void {
  expect(state.text).toBe(source);
  expect(state.blocks).toEqual(splitBlocks(source, formatOfText(source)));
}

/** Splits `start`, then applies each edit in turn: after each, the incremental split equals a fresh one. */
function splitsLikeFullAfterEachEdit(start: string, edits: { at: number; remove: number; insert: string }[]): void {
  let source = start;
  let state = splitIncremental(null, source);
  expectSameAsFull(state, source);
  for (const e of edits) {
    source = apply(source, e);
    state = splitIncremental(state, source);
    expectSameAsFull(state, source);
  }
}

describe('splitIncremental', () => {
  it('equals a fresh split after every edit of a random sequence', () => {
    fc.assert(
      fc.property(text, fc.array(edit, { minLength: 1, maxLength: 8 }), splitsLikeFullAfterEachEdit),
      { numRuns: 2000 },
    );
  });

  it('equals a fresh split after every edit, where the incremental path runs (no construct that forces a full split)', () => {
    fc.assert(
      fc.property(incrementalText, fc.array(incrementalEdit, { minLength: 1, maxLength: 8 }), splitsLikeFullAfterEachEdit),
      // Seed 4 met the backslash case below at its 360th run (before it was fixed).
      { seed: 4, numRuns: 4000 },
    );
  });

  it('equals a fresh split when an edit gives a `$$` closed by the brace fallback a later close', () => {
    // `\end{` leaves a `{` open: the first `$$` closes at the `$$` inside it only while no `$$` at brace
    // depth 0 follows. Cutting `\end{b}` to `\e` brings one: it closes there, across the blank line, and
    // the whole text is one paragraph (the window alone pairs `$$b}$$` and keeps two blocks).
    const after = '$$\\end{$$\n\na\\e$$b}$$b}';
    const state = splitIncremental(fullSplit('$$\\end{$$\n\na\\end{b}$$b}'), after);
    expectSameAsFull(state, after);
    expect(state.blocks.map((b) => b.kind)).toEqual(['paragraph']);
  });

  it('equals a fresh split when a block ends in a backslash (the scanner reads `\\` and the line break as one unit)', () => {
    // To the scanner `$a\⏎⏎b$$…` is one inline formula `$a\⏎⏎b$`: the blank line after the backslash is no
    // boundary, and the `$$` after `b` opens no display.
    for (const [before, after] of [
      ['$a\\\n\nb', '$a\\\n\nb$$\n\nc$$'],
      ['$a\n\nb$$\n\nc$$', '$a\\\n\nb$$\n\nc$$'],
    ]) {
      expectSameAsFull(splitIncremental(fullSplit(before), after), after);
    }
  });

  it('equals a fresh split for edits anywhere in a long proof, typing one character at a time', () => {
    const proof = makeProof(120);
    fc.assert(
      fc.property(fc.nat({ max: proof.length }), fc.array(piece, { minLength: 1, maxLength: 6 }), (at, typed) => {
        let source = proof;
        let state = fullSplit(source);
        let offset = at;
        for (const chunk of typed) {
          for (const ch of chunk) {
            source = source.slice(0, offset) + ch + source.slice(offset);
            offset++;
            state = splitIncremental(state, source);
            expectSameAsFull(state, source);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('splits the same after the display-math scan was done ahead of the edits (withCleanUntil, at idle)', () => {
    fc.assert(
      fc.property(incrementalText, fc.array(incrementalEdit, { minLength: 1, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }), (start, edits, prepare) => {
        let source = start;
        let lazy = splitIncremental(null, source);
        let early = withCleanUntil(lazy);
        expect(early.cleanUntil).not.toBeNull();
        edits.forEach((e, i) => {
          source = apply(source, e);
          lazy = splitIncremental(lazy, source);
          early = splitIncremental(prepare[i] ? withCleanUntil(early) : early, source);
          expectSameAsFull(early, source);
          // The same state, except that the scan done ahead is known where the lazy one has not run yet.
          expect({ ...early, cleanUntil: null }).toEqual({ ...lazy, cleanUntil: null });
          if (lazy.cleanUntil !== null) expect(early.cleanUntil).toBe(lazy.cleanUntil);
        });
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('splits the same text anew when it is to be read in another format (a name changed to .tex)', () => {
    const text = 'Here a dollar $ opens\n\nand $x$ closes.\n';
    const asMarkdown = fullSplit(text, 'markdown');
    const asTex = splitIncremental(asMarkdown, text, 'tex');
    expect(asTex.format).toBe('tex');
    expect(asTex.blocks).toEqual(splitBlocks(text, 'tex'));
  });

  it('reuses the blocks away from the edit and says where the text changed', () => {
    const proof = makeProof(120);
    const before = fullSplit(proof);
    const at = proof.indexOf('**Step 7.**');
    const after = splitIncremental(before, proof.slice(0, at) + 'Now ' + proof.slice(at));
    expect(after.changed).toEqual({ start: at, end: at + 4 });
    // Blocks before the edited paragraph are the same objects (nothing re-split or re-hashed there).
    const edited = after.blocks.findIndex((b) => b.text.includes('Now **Step 7.**'));
    expect(after.blocks.slice(0, edited - 1).every((b, i) => b === before.blocks[i])).toBe(true);
  });

  it('equals a fresh split after every edit of a text with no blank line, headings right on their paragraphs (heading edges)', () => {
    // rev16's 3,000-line proof has this shape: the window ends at a one-line heading, not at a blank line.
    const noBlank = fc.constantFrom(...PIECES.filter((p) => !/`|~~~|<!--|-->|\\begin\{document\}|\\documentclass|\n\n|---|\.\.\./.test(p)), '\n## H\n', '\n# Part\n', '\n\\section{S}\n', '\n$$\n', 'b $', '$a');
    const noBlankText = fc.array(noBlank, { maxLength: 40 }).map((p) => p.join(''));
    const noBlankEdit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.array(noBlank, { maxLength: 3 }).map((p) => p.join('')) });
    fc.assert(
      fc.property(noBlankText, fc.array(noBlankEdit, { minLength: 1, maxLength: 8 }), splitsLikeFullAfterEachEdit),
      { seed: 7, numRuns: 4000 },
    );
  });

  it('splits again only the paragraph typed in when headings sit right on their paragraphs (no blank line anywhere)', () => {
    const proof = pastedProof(600);
    const before = fullSplit(proof);
    const at = proof.indexOf('Line 520:');
    const after = splitIncremental(before, proof.slice(0, at) + 'Now ' + proof.slice(at));
    expectSameAsFull(after, after.text);
    const edited = after.blocks.findIndex((b) => b.text.includes('Now Line 520:'));
    // Every block but the edited paragraph is the old one (the same object before it, moved after it).
    expect(after.blocks.slice(0, edited).every((b, i) => b === before.blocks[i])).toBe(true);
    expect(after.blocks.slice(edited + 1).map((b) => b.text)).toEqual(before.blocks.slice(edited + 1).map((b) => b.text));
    expect(after.blocks.slice(edited + 1).every((b, i) => b.key === before.blocks[edited + 1 + i].key)).toBe(true);
  });

  it('splits whole when inline math opened before a heading edge now closes after it and hides a display', () => {
    // `$a` closes at `b$` across `## H` once the space goes: the `$$` after `b` then opens no display,
    // so `## y` is a heading of its own; the window alone (from `b`) would read `$$⏎## y⏎$$` as display math.
    const after = 'x $a\n## H\nb$$\n## y\n$$';
    const state = splitIncremental(fullSplit('x $a\n## H\nb $$\n## y\n$$'), after);
    expectSameAsFull(state, after);
    expect(state.blocks.map((b) => b.kind)).toEqual(['paragraph', 'heading', 'paragraph', 'heading', 'paragraph']);
  });

  it('re-splits whole when an edit opens or closes an HTML comment running across blank lines', () => {
    for (const [before, after] of [
      ['a\n\nb\n\n-->\n\nc', '<!--a\n\nb\n\n-->\n\nc'],
      ['x\n\na\n\nb\n\n-->\n\nc', 'x\n\n<!--\n\nb\n\n-->\n\nc'],
      ['x\n\n<!--\n\nb\n\n-->\n\nc', 'x\n\n<!--\n\nb\n\n->\n\nc'],
      ['x\n\n<!--\n\nb\n\nc', 'x\n\n<!--\n\nb\n\nc-->'],
    ]) {
      expectSameAsFull(splitIncremental(fullSplit(before), after), after);
    }
  });
});
