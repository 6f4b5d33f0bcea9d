import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDocDelta, docDelta } from './docDelta';
import { applyEdit, type TextEdit } from './text';
import { parseProof, remapDocument } from '../proof/index';
import { syntheticProof } from '../proof/synthetic';

/** The document the UI rebuilds from the delta the engine would send, after `edit`. */
function roundTrip(text: string, edit: TextEdit, format: 'markdown' | 'tex' = 'markdown') {
  const base = parseProof(text, format);
  const next = remapDocument(base, edit);
  const delta = docDelta(base, next);
  return { base, next, delta, rebuilt: delta && applyDocDelta(base, applyEdit(base.text, edit), delta) };
}

describe('document deltas (what editDocumentDelta sends instead of the whole document)', () => {
  it('sends only the typed-in step for a key typed in the middle of a long proof', () => {
    const text = syntheticProof(460);
    const at = text.indexOf('\n\n', text.length / 2);
    const { base, next, delta, rebuilt } = roundTrip(text, { start: at, end: at, text: 'x' });
    expect(delta).not.toBeNull();
    expect(rebuilt).toEqual(next);
    expect(delta!.steps.length).toBeLessThanOrEqual(2);
    expect(delta!.head + delta!.tail).toBeGreaterThan(base.steps.length - 3);
    // The head steps are the base document's own objects: unchanged rows can tell by identity.
    expect(rebuilt!.steps[0]).toBe(base.steps[0]);
    expect(JSON.stringify(delta).length).toBeLessThan(JSON.stringify(next).length / 20);
  });

  it('renumbers the steps after a new paragraph typed in the middle', () => {
    const text = syntheticProof(120);
    const at = text.indexOf('\n\n', text.length / 3);
    const { base, next, delta, rebuilt } = roundTrip(text, { start: at, end: at, text: '\n\nA new step with $x^2$.' });
    expect(next.steps.length).toBe(base.steps.length + 1);
    expect(delta).not.toBeNull();
    expect(rebuilt).toEqual(next);
  });

  it('rebuilds exactly the engine\'s document after any edit (or sends the whole document)', () => {
    const docs = ['markdown', 'tex'] as const;
    let deltas = 0;
    fc.assert(fc.property(
      fc.constantFrom(...docs), fc.nat(), fc.nat(), fc.constantFrom('x', '\n\n', '$a$', '\\[b\\]', '', '- item\n', '\\end{proof}', '# H\n'),
      (format, a, b, insert) => {
        const text = format === 'tex' ? `\\documentclass{article}\n\\begin{document}\n${syntheticProof(60)}\n\\end{document}\n` : syntheticProof(60);
        const start = a % (text.length + 1);
        const end = Math.min(text.length, start + (b % 40));
        const { next, delta, rebuilt } = roundTrip(text, { start, end, text: insert }, format);
        if (delta) deltas++;
        if (delta) expect(rebuilt).toEqual(next);
      },
    ), { numRuns: 150 });
    // The whole document is the exception, not the rule.
    expect(deltas).toBeGreaterThan(100);
  });

  it('says clearly when a delta does not fit the document it is applied to', () => {
    const base = parseProof('One step.\n\nTwo steps.');
    expect(() => applyDocDelta(base, base.text, { head: 2, tail: 1, shift: 0, lineShift: 0, steps: [], body: base.body })).toThrow(/does not fit/);
  });
});
