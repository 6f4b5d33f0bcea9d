// YAML front matter (app/common/tex/document.ts markdownFrontMatter) is no step of a Markdown proof,
// in a full parse and after edits (the incremental re-parse).
import { describe, expect, it } from 'vitest';
import { parseProof } from './parse';
import { markdownBlocks } from './markdown-blocks';
import { reparseMarkdown } from './incremental';

const doc = '---\ntitle: A lemma\nheader-includes: |\n  \\usepackage{amsmath}\n  \\newcommand{\\R}{\\mathbb{R}}\n---\n\n# Lemma\n\nFor $x \\in \\R$.';

describe('YAML front matter in the step segmentation', () => {
  it('is no step of the proof', () => {
    expect(parseProof(doc, 'markdown').steps.map((s) => s.text)).toEqual(['# Lemma', 'For $x \\in \\R$.']);
  });

  it('an edit that opens, closes or changes it reads as a full parse does', () => {
    const edits = [
      { start: 0, end: 4, text: '' }, // the opening line removed: a paragraph again
      { start: doc.indexOf('---', 4), end: doc.indexOf('---', 4) + 3, text: '' }, // the closing line removed
      { start: 10, end: 10, text: 'X' }, // inside it
      { start: doc.length, end: doc.length, text: ' More.' }, // after it
    ];
    for (const edit of edits) {
      const next = doc.slice(0, edit.start) + edit.text + doc.slice(edit.end);
      const incremental = reparseMarkdown(markdownBlocks(doc), doc.length, edit, next);
      expect(incremental.blocks, JSON.stringify(edit)).toEqual(markdownBlocks(next).blocks);
    }
  });
});

describe('YAML front matter after a byte-order mark, with CRLF line ends', () => {
  it('leaves the first step whole (the mark is blanked with the front matter: no offset shift)', () => {
    const text = '\ufeff---\r\ntitle: CRLF notes\r\n---\r\n\r\nFor $n \\ge 0$, $n + 0 = n$.\r\n';
    const steps = parseProof(text, 'markdown').steps;
    expect(steps.map((s) => s.text)).toEqual(['For $n \\ge 0$, $n + 0 = n$.']);
    expect(steps[0].math.map((m) => m.tex)).toEqual(['n \\ge 0', 'n + 0 = n']);
  });
});
