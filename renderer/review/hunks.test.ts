import { describe, expect, it } from 'vitest';
import { applyEdit } from '../../app/common/text';
import proof from '../../resources/samples/cauchy-equation.md?raw';
import refinement from '../../resources/samples/outputs/cauchy-equation.deepseek.refine-steps.txt?raw';
import { diffArrays } from 'diff';
import {
  conformProposal, decideChange, describeChange, hunkEdit, lineBreakOf, openChanges, reviewChanges, reviewParts, reviewSides, type LineChange, type ReviewPart,
} from './hunks';

const original = 'a\nb\nc\nd';

describe('hunkEdit', () => {
  it('replaces the lines of a changed hunk', () => {
    const modified = 'a\nB1\nB2\nc\nd';
    const edit = hunkEdit(original, modified, { originalStartLineNumber: 2, originalEndLineNumber: 2, modifiedStartLineNumber: 2, modifiedEndLineNumber: 3 });
    expect(applyEdit(original, edit)).toBe(modified);
  });

  it('inserts lines after a line, and at the start', () => {
    expect(applyEdit(original, hunkEdit(original, 'a\nb\nX\nc\nd', { originalStartLineNumber: 2, originalEndLineNumber: 0, modifiedStartLineNumber: 3, modifiedEndLineNumber: 3 }))).toBe('a\nb\nX\nc\nd');
    expect(applyEdit(original, hunkEdit(original, 'X\na\nb\nc\nd', { originalStartLineNumber: 0, originalEndLineNumber: 0, modifiedStartLineNumber: 1, modifiedEndLineNumber: 1 }))).toBe('X\na\nb\nc\nd');
  });

  it('deletes lines in the middle and at the end', () => {
    expect(applyEdit(original, hunkEdit(original, 'a\nd', { originalStartLineNumber: 2, originalEndLineNumber: 3, modifiedStartLineNumber: 1, modifiedEndLineNumber: 0 }))).toBe('a\nd');
    expect(applyEdit(original, hunkEdit(original, 'a\nb', { originalStartLineNumber: 3, originalEndLineNumber: 4, modifiedStartLineNumber: 2, modifiedEndLineNumber: 0 }))).toBe('a\nb');
  });

  it('accepting one hunk of two leaves the other side untouched', () => {
    const modified = 'A\nb\nc\nD';
    const first = hunkEdit(original, modified, { originalStartLineNumber: 1, originalEndLineNumber: 1, modifiedStartLineNumber: 1, modifiedEndLineNumber: 1 });
    expect(applyEdit(original, first)).toBe('A\nb\nc\nd');
  });
});

/**
 * The hunks of a line diff in Monaco's shape (line contents compared without their line breaks, as
 * Monaco's models do), from the `diff` package: the review's own hunks come from Monaco in the page.
 */
function lineChanges(original: string, modified: string): LineChange[] {
  const changes: LineChange[] = [];
  let o = 1;
  let m = 1;
  const parts = diffArrays(original.split(/\r?\n/), modified.split(/\r?\n/));
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part.added && !part.removed) { o += part.count!; m += part.count!; continue; }
    const removed = part.removed ? part.count! : 0;
    const next = parts[i + 1];
    const added = part.added ? part.count! : next?.added ? next.count! : 0;
    if (part.removed && next?.added) i++;
    changes.push({
      originalStartLineNumber: removed ? o : o - 1, originalEndLineNumber: removed ? o + removed - 1 : 0,
      modifiedStartLineNumber: added ? m : m - 1, modifiedEndLineNumber: added ? m + added - 1 : 0,
    });
    o += removed;
    m += added;
  }
  return changes;
}

/** The document after accepting every hunk one by one, last first (so earlier offsets stay valid). */
function acceptEach(document: string, proposal: string): string {
  return lineChanges(document, proposal).reverse().reduce((text, h) => applyEdit(text, hunkEdit(document, proposal, h)), document);
}

describe('the proposal in the document\'s conventions', () => {
  const body = 'Proof.\nStep one.\nStep two.';
  const cases: Array<[string, string]> = [
    ['a final line break', `${body}\n`],
    ['no final line break', body],
    ['blank lines at the end', `${body}\n\n\n`],
    ['CRLF with a final line break', `${body.replace(/\n/g, '\r\n')}\r\n`],
    ['CRLF without one', body.replace(/\n/g, '\r\n')],
  ];
  const proposals = [body, `${body}\n`, `${body}\n\n`, `${body.replace(/\n/g, '\r\n')}\r\n`, `${body}\n   \n`];

  it.each(cases)('a proposal that differs only in its ending or line breaks is no change (document: %s)', (_, document) => {
    for (const proposal of proposals) {
      const conformed = conformProposal(document, proposal);
      expect(conformed).toBe(document);
      expect(lineChanges(document, conformed)).toEqual([]);
    }
  });

  it.each(cases)('accepting all, or hunk by hunk, keeps the document\'s ending and line breaks (document: %s)', (_, document) => {
    const eol = lineBreakOf(document);
    const ending = /(\r?\n)*$/.exec(document)![0];
    const changed = 'Proof.\nStep one, in detail.\nA new step.\nStep two.';
    const expected = `${changed.replace(/\n/g, eol)}${ending}`;
    for (const proposal of [changed, `${changed}\n`, `${changed.replace(/\n/g, '\r\n')}\r\n\r\n`]) {
      const conformed = conformProposal(document, proposal);
      // Accept all writes the conformed proposal; the hunks are only the real changes.
      expect(conformed).toBe(expected);
      expect(lineChanges(document, conformed)).toHaveLength(1);
      expect(acceptEach(document, conformed)).toBe(expected);
    }
  });

  it('accepts a CRLF hunk at the start, in the middle and at the end without mixing in LF', () => {
    const document = 'a\r\nb\r\nc\r\nd\r\n';
    const proposal = conformProposal(document, 'X\na\nB\nc\n');
    expect(proposal).toBe('X\r\na\r\nB\r\nc\r\n');
    expect(lineChanges(document, proposal)).toHaveLength(3);
    expect(acceptEach(document, proposal)).toBe(proposal);
  });

  it('keeps a proposal\'s inner blank lines and the document\'s trailing spaces are not an ending', () => {
    expect(conformProposal('a\n\nb\n', 'a\n\n\nb')).toBe('a\n\n\nb\n');
    expect(conformProposal('a  \n', 'b  ')).toBe('b  \n');
  });
});

describe('describeChange', () => {
  const change = (os: number, oe: number, ms: number, me: number): LineChange => ({ originalStartLineNumber: os, originalEndLineNumber: oe, modifiedStartLineNumber: ms, modifiedEndLineNumber: me });
  it('says "line N" for one line and "lines N–M" for several', () => {
    expect(describeChange(change(22, 22, 22, 22))).toBe('line 22');
    expect(describeChange(change(22, 25, 22, 23))).toBe('lines 22–25');
  });
  it('says what a deletion or an insertion does, one line or several, at the start too', () => {
    expect(describeChange(change(5, 5, 4, 0))).toBe('delete line 5');
    expect(describeChange(change(5, 7, 4, 0))).toBe('delete lines 5–7');
    expect(describeChange(change(3, 0, 4, 6))).toBe('insert after line 3');
    expect(describeChange(change(0, 0, 1, 1))).toBe('insert at the start');
  });
});

/**
 * Monaco's own line diff (the diff editor's "advanced" algorithm, with the review's options), run here
 * on its ESM source: the review's changes come from it in the page. The path is a variable because the
 * package ships no types for its internals.
 */
async function monacoLineChanges(): Promise<(a: string[], b: string[]) => LineChange[]> {
  const path = 'monaco-editor/esm/vs/editor/common/diff/defaultLinesDiffComputer/defaultLinesDiffComputer.js';
  const { DefaultLinesDiffComputer } = await import(/* @vite-ignore */ path);
  const computer = new DefaultLinesDiffComputer();
  type Range = { startLineNumber: number; endLineNumberExclusive: number };
  return (a, b) => computer.computeDiff(a, b, { ignoreTrimWhitespace: false, maxComputationTimeMs: 0, computeMoves: false, extendToSubwords: false })
    .changes.map(({ original: o, modified: m }: { original: Range; modified: Range }) => ({
      originalStartLineNumber: o.endLineNumberExclusive > o.startLineNumber ? o.startLineNumber : o.startLineNumber - 1,
      originalEndLineNumber: o.endLineNumberExclusive > o.startLineNumber ? o.endLineNumberExclusive - 1 : 0,
      modifiedStartLineNumber: m.endLineNumberExclusive > m.startLineNumber ? m.startLineNumber : m.startLineNumber - 1,
      modifiedEndLineNumber: m.endLineNumberExclusive > m.startLineNumber ? m.endLineNumberExclusive - 1 : 0,
    }));
}

/** The lines of each open change on its two sides, as the review shows them. */
function shownChanges(parts: readonly ReviewPart[]): { current: string[]; proposed: string[] }[] {
  const { document, reviewed } = reviewSides(parts);
  const lines = (all: string[], start: number, end: number) => (end === 0 ? [] : all.slice(start - 1, end));
  return openChanges(parts).map(({ change: c }) => ({
    current: lines(document, c.originalStartLineNumber, c.originalEndLineNumber),
    proposed: lines(reviewed, c.modifiedStartLineNumber, c.modifiedEndLineNumber),
  }));
}

describe('a review\'s changes', () => {
  // The sample refinement in four changes whose `$$` lines Monaco aligns one way with all four changes
  // and another once the third is decided: its solution, between the two headings of its shape.
  const solution = refinement.slice(refinement.indexOf('## Solution') + '## Solution'.length, refinement.indexOf('## Self Evaluation'));
  const proposal = conformProposal(proof, solution.trim());
  const current = proof.split('\n');
  const proposed = proposal.split('\n');

  it('deciding one leaves every other change as it was shown: same count, same lines', async () => {
    const diff = await monacoLineChanges();
    const parts = reviewParts(current, proposed, diff(current, proposed));
    const shown = shownChanges(parts);
    expect(shown).toHaveLength(4);
    let regrouped = 0;
    for (const [k, { part }] of openChanges(parts).entries()) {
      for (const decision of ['accepted', 'rejected'] as const) {
        const next = decideChange(parts, part, decision);
        expect(shownChanges(next)).toEqual(shown.filter((_, j) => j !== k));
        // What recomputing the diff (the review before) would have shown instead.
        const { document, reviewed } = reviewSides(next);
        const again = reviewParts(document, reviewed, diff(document, reviewed));
        if (JSON.stringify(shownChanges(again)) !== JSON.stringify(shown.filter((_, j) => j !== k))) regrouped++;
      }
    }
    // The sample still shows the regrouping the fixed parts prevent (Monaco's heuristics may change).
    expect(regrouped).toBeGreaterThan(0);
  });

  it('each Accept is the edit that turns the document into the next one; Accept all writes exactly the changes not rejected', async () => {
    const diff = await monacoLineChanges();
    let parts = reviewParts(current, proposed, diff(current, proposed));
    expect(reviewSides(parts)).toEqual({ document: current, reviewed: proposed });
    const [first, second, third, fourth] = openChanges(parts);
    // Accept the third, reject the first, accept the fourth: the document follows each Accept.
    for (const [{ part }, decision] of [[third, 'accepted'], [first, 'rejected'], [fourth, 'accepted']] as const) {
      const before = reviewSides(parts);
      const at = openChanges(parts).find((o) => o.part === part)!.change;
      parts = decideChange(parts, part, decision);
      const after = reviewSides(parts);
      if (decision === 'accepted') expect(applyEdit(before.document.join('\n'), hunkEdit(before.document.join('\n'), before.reviewed.join('\n'), at))).toBe(after.document.join('\n'));
      else expect(after.document).toEqual(before.document);
    }
    expect(openChanges(parts).map((o) => o.part)).toEqual([second.part]);
    // Accept all now: the proposal with the first change left out, nothing else.
    const firstLines = shownChanges(reviewParts(current, proposed, diff(current, proposed)))[0];
    const expected = proposal.replace(firstLines.proposed.join('\n'), firstLines.current.join('\n'));
    expect(reviewSides(parts).reviewed.join('\n')).toBe(expected);
  });

  it('keeps insertions at the start and deletions at the end as single changes', () => {
    const a = ['a', 'b', 'c', 'd'];
    const b = ['X', 'a', 'B', 'c'];
    const parts = reviewParts(a, b, lineChanges(a.join('\n'), b.join('\n')));
    expect(shownChanges(parts)).toEqual([{ current: [], proposed: ['X'] }, { current: ['b'], proposed: ['B'] }, { current: ['d'], proposed: [] }]);
    const open = openChanges(parts);
    expect(open.map((o) => describeChange(o.change))).toEqual(['insert at the start', 'line 2', 'delete line 4']);
    const lastAccepted = decideChange(parts, open[2].part, 'accepted');
    expect(reviewSides(lastAccepted).document).toEqual(['a', 'b', 'c']);
    expect(openChanges(lastAccepted).map((o) => describeChange(o.change))).toEqual(['insert at the start', 'line 2']);
    const firstRejected = decideChange(lastAccepted, open[0].part, 'rejected');
    expect(reviewSides(firstRejected)).toEqual({ document: ['a', 'b', 'c'], reviewed: ['a', 'B', 'c'] });
    expect(openChanges(firstRejected).map((o) => describeChange(o.change))).toEqual(['line 2']);
  });

  it('numbers every change for the whole review and keeps its place in the diff as shown (Monaco\'s first diff)', async () => {
    const diff = await monacoLineChanges();
    const first = diff(current, proposed);
    let parts = reviewParts(current, proposed, first);
    const all = reviewChanges(parts);
    expect(all.map((c) => c.shown)).toEqual(first);
    expect(all.map((c) => c.now)).toEqual(first);
    const [one, two, three, four] = all;
    parts = decideChange(parts, three.part, 'accepted');
    parts = decideChange(parts, two.part, 'rejected');
    const after = reviewChanges(parts);
    // Same numbers, same lines as drawn, each with its decision.
    expect(after.map((c) => [c.number, c.decision, c.shown])).toEqual([[1, 'open', one.shown], [2, 'rejected', two.shown], [3, 'accepted', three.shown], [4, 'open', four.shown]]);
    // `now` is where an open change stands in the document with the accepted change: the fourth moved
    // by the lines the third added; Accept on it writes its proposed lines there.
    const { document, reviewed } = reviewSides(parts);
    const grown = (three.shown.modifiedEndLineNumber - three.shown.modifiedStartLineNumber) - (three.shown.originalEndLineNumber - three.shown.originalStartLineNumber);
    expect(after[3].now.originalStartLineNumber).toBe(four.shown.originalStartLineNumber + grown);
    const written = applyEdit(document.join('\n'), hunkEdit(document.join('\n'), reviewed.join('\n'), after[3].now)).split('\n');
    const added = proposed.slice(four.shown.modifiedStartLineNumber - 1, four.shown.modifiedEndLineNumber);
    const at = after[3].now.originalStartLineNumber - 1;
    expect(written.slice(at, at + added.length)).toEqual(added);
    expect([...written.slice(0, at), ...written.slice(at + added.length)]).toEqual([...document.slice(0, at), ...document.slice(after[3].now.originalEndLineNumber)]);
    expect(openChanges(parts)).toEqual([{ part: one.part, change: after[0].now }, { part: four.part, change: after[3].now }]);
  });
});
