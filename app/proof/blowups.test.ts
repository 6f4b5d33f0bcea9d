// Inputs that used to take quadratic time or overflow the stack: they parse, with the same ids as
// before for repeated text, and clear messages where a limit applies. (Speed: bench/scaling.ts.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Checker } from '../check';
import { freshId } from './ids';
import { fnv1a as contentHash } from '../common/text';
import { parseProof } from './parse';

/** The id assignment as it was (probe from 1 every time): the reference for the linear one. */
function naiveFreshId(text: string, taken: Set<string>): string {
  const base = `s${contentHash(text)}`;
  let id = base;
  for (let n = 1; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

describe('step ids', () => {
  it('are exactly the ids of the quadratic version, for any texts and pre-taken ids', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c')), fc.array(fc.constantFrom('a', 'b'), { maxLength: 3 }), (texts, pre) => {
        const takenA = new Set<string>();
        const takenB = new Set<string>();
        for (const [k, t] of pre.entries()) {
          const id = `s${contentHash(t)}${k % 2 ? `-${k}` : ''}`;
          takenA.add(id);
          takenB.add(id);
        }
        expect(texts.map((t) => freshId(t, takenA))).toEqual(texts.map((t) => naiveFreshId(t, takenB)));
      }),
    );
  });

  it('gives 5,000 identical paragraphs distinct ids', () => {
    const doc = parseProof(Array(5_000).fill('Same paragraph.').join('\n\n'));
    expect(doc.steps).toHaveLength(5_000);
    expect(new Set(doc.steps.map((s) => s.id)).size).toBe(5_000);
    expect(doc.steps[4_999].id).toBe(`${doc.steps[0].id}-4999`);
  });
});

describe('deep nesting and huge inputs', () => {
  it('opens 16,000 and 200,000 nested blockquotes as one quote step with exact ranges', () => {
    for (const n of [16_000, 200_000]) {
      const text = `${'>'.repeat(n)} deep\n`;
      const doc = parseProof(text);
      expect(doc.steps).toHaveLength(1);
      expect(doc.steps[0]).toMatchObject({ kind: 'quote', range: { start: 0, end: text.length - 1 } });
    }
  });

  it('checks 1,000 nested \\frac with a clear warning instead of a stack overflow', () => {
    const doc = parseProof(`Then $$${'\\frac{1}{'.repeat(1000)}x${'}'.repeat(1000)} = 1$$\n`);
    const report = new Checker().check(doc);
    expect(report.lint).toEqual([expect.objectContaining({ code: 'too-large', level: 'warning', message: expect.stringMatching(/nested too deeply.*1000 levels/) })]);
    expect(report.computations).toEqual([]);
  });

  it('marks formulas whose macro expansion is too large instead of expanding them', () => {
    const body = 'x^{2}+y^{2}+'.repeat(400);
    const text = `$\\newcommand{\\blowup}{${body}z}$\n\n${Array.from({ length: 50 }, (_, i) => `Step ${i}: $${Array(30).fill('\\blowup').join('+')} = ${i}$.`).join('\n\n')}`;
    const report = new Checker().check(parseProof(text));
    const large = report.lint.filter((l) => l.code === 'too-large');
    expect(large).toHaveLength(50);
    expect(large[0].message).toBe('Formula too large to typeset or check: its macros expand to more than 20,000 characters');
  });

  it('says a long formula without macros is too long, and nothing about macros', () => {
    const report = new Checker().check(parseProof(`A long formula: $${'x+'.repeat(13_000)}y$.`));
    expect(report.lint.filter((l) => l.code === 'too-large').map((l) => l.message)).toEqual([
      'Formula too long to typeset or check: 26,001 characters; the limit is 20,000',
    ]);
  });

  it('refuses a document over the size limit with a clear message', () => {
    expect(() => parseProof('x'.repeat(5_000_001))).toThrow(/^the document is too large: 5,000,001 characters/);
  });
});
