// The incremental re-parse (incremental.ts) against a full parse, one edit at a time: after every
// edit of a random typing session, remapDocument's document has exactly the steps (kinds, ranges,
// texts, math, sections; ids aside) that parseProof gives for the new text. The pieces are the
// constructs that run across blank lines or depend on what comes before them: `$$` display math, code
// fences, indented code, lists, block quotes, HTML comments and math environments. The disagreements
// this found are pinned one by one in remap.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProofDocument } from '../common/proof';
import { parseProof, remapDocument } from './index';
import { typedEdits } from './test-support/arbitraries';

const piece = fc.constantFrom(
  'a', 'b', ' ', '\n', '\n\n', '$x$', 'x.', '$$', '- ', '1. ', '```', '    ',
  '\\begin{align}', '\\end{align}', '<!--', '-->', '> ', 'a:',
  // YAML front matter: only at the text's start, closed by a later `---` line (markdownFrontMatter).
  '---\n', 'k: v\n',
);
const pieces = (maxLength: number) => fc.array(piece, { maxLength }).map((p) => p.join(''));

/**
 * A text and edits on it, as typed: a piece goes at the caret (where the previous edit's insertion
 * ended), sometimes over the character before it (a backspace); otherwise an edit anywhere, replacing
 * up to three characters.
 */
const typingSession = fc
  .tuple(pieces(20), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), pieces(3), fc.boolean()), { maxLength: 25 }))
  .map(([text, raw]) => {
    const edits = typedEdits(text, raw);
    return { text, edits };
  });

const withoutIds = (doc: ProofDocument) => ({ ...doc, steps: doc.steps.map(({ id: _id, ...step }) => step) });

describe('incremental re-parse', () => {
  it('equals a full parse after every edit of a typing session', () => {
    fc.assert(
      fc.property(typingSession, ({ text, edits }) => {
        let doc = parseProof(text);
        for (const edit of edits) {
          const before = doc.text;
          doc = remapDocument(doc, edit);
          expect(withoutIds(doc), `${JSON.stringify(before)} edited by ${JSON.stringify(edit)}`).toEqual(withoutIds(parseProof(doc.text)));
        }
      }),
      // 4,000 sessions of up to 25 edits: a kind of disagreement met once in 1,000 sessions is caught
      // with a probability of 98%. (Seed 6 met the indented-code one at its 3,549th session.)
      { seed: 6, numRuns: 4000 },
    );
  }, 120_000);
});
