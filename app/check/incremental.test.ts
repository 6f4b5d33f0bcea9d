// The editor's checker keeps each fragment's reading and setting across edits (checker.ts,
// incremental.ts): what it reports after any sequence of edits must be what a fresh checker reports
// on the same text, and an edit to a definition must reach the relations that use it, however far.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProof } from '../proof';
import { Checker, type CheckReport } from './checker';
import { unchangedOffset } from './incremental';
import { editRegion } from '../common/text';

const REALISTIC = join(__dirname, 'corpus', 'realistic');

/** Several realistic proofs in one document (~3.5 KB): definitions, cases, values fixed in passing, comments. */
function realisticDocument(): string {
  const files = ['correct/c08-case-abs.md', 'correct/c09-telescoping.md', 'correct/c21-recurrence.md', 'slips/s31-vieta.md', 'correct/c30-means-chain.md'];
  return files.map((f) => readFileSync(join(REALISTIC, f), 'utf8')).join('\n\n');
}

/** What a user sees of a report: every finding and annotation, not the cache statistics. */
function seen(report: CheckReport): string {
  return JSON.stringify({ lint: report.lint, computations: report.computations, annotations: report.annotations });
}

function fillerProof(paragraphs: number): string {
  const out: string[] = [];
  for (let i = 0; i < paragraphs; i++) out.push(`Step ${i + 1}: for $t > 0$ we compute\n$$(t + ${i})^2 = t^2 + ${2 * i}t + ${i * i}$$`);
  return out.join('\n\n');
}

describe('incremental re-check', () => {
  it('changes a later relation when a definition far earlier in the document is edited', () => {
    // The definition is many paragraphs (and far more than a sentence) before the relation using it.
    const text = (m: string) => `Let $m = ${m}$ and fix real $a, b > 0$.\n\n${fillerProof(30)}\n\nThen\n$$m + a + b = \\frac{3(a + b)}{2} + 1$$\nas claimed.\n`;
    const checker = new Checker();
    const relation = (r: CheckReport) => r.computations.find((c) => c.left === 'm + a + b');
    const first = checker.check(parseProof(text('\\frac{a+b}{2} + 1'), 'markdown'));
    expect(relation(first)?.status).toBe('holds');
    expect(relation(first)?.message).toContain('Holds under $m = \\frac{a+b}{2} + 1$');

    const edited = checker.check(parseProof(text('\\frac{a+b}{2} + 3'), 'markdown'));
    expect(relation(edited)?.status).toBe('fails');
    expect(relation(edited)?.message).toMatch(/left side = .*right side = /);
    expect(seen(edited)).toBe(seen(new Checker().check(parseProof(text('\\frac{a+b}{2} + 3'), 'markdown'))));
    // And back: the earlier result returns.
    expect(relation(checker.check(parseProof(text('\\frac{a+b}{2} + 1'), 'markdown')))?.status).toBe('holds');
  });

  it('re-reads only fragments near an edit, and matches a fresh check', () => {
    const base = fillerProof(60);
    const checker = new Checker();
    checker.check(parseProof(base, 'markdown'));
    const at = base.indexOf('(t + 40)^2');
    const edited = `${base.slice(0, at)}(t + 40)^2 + 0${base.slice(at + '(t + 40)^2'.length)}`;
    const report = checker.check(parseProof(edited, 'markdown'));
    expect(report.stats.computeChecked).toBe(1);
    expect(seen(report)).toBe(seen(new Checker().check(parseProof(edited, 'markdown'))));
  });

  it('re-sets only the fragments near an edit when values fixed just before it reach past it', () => {
    // "with $c_{i} = a$," before each display: the value's scope is measured in characters, so an edit
    // in the display moves its end; that re-set every fragment of the document on each keystroke.
    const steps: string[] = [];
    for (let i = 0; i < 40; i++) steps.push(`Step ${i + 1}: for $x > 0$ we compute, using the previous line with $c_{${i}} = ${(i % 7) + 1}$,\n$$(x + ${i})^2 = x^2 + ${2 * i}x + ${i * i}$$`);
    const base = steps.join('\n');
    const checker = new Checker();
    checker.check(parseProof(base, 'markdown'));
    const at = base.indexOf('$$', base.indexOf('Step 20:')) + 2;
    const edited = `${base.slice(0, at)}0 + ${base.slice(at)}`;
    const report = checker.check(parseProof(edited, 'markdown'));
    expect(report.stats.fragments).toBe(120);
    // Those whose 700-character window around them holds the edit (checker.ts READ_BEHIND, READ_AHEAD), not all 120.
    expect(report.stats.settingsRead).toBeLessThanOrEqual(36);
    expect(seen(report)).toBe(seen(new Checker().check(parseProof(edited, 'markdown'))));
  });

  it('gives the same findings as a fresh check after any sequence of edits to a realistic proof', () => {
    const base = realisticDocument();
    // Edits a writer makes, and ones that move context: definitions, hypotheses, case starts,
    // paragraph breaks, comments, display delimiters, digits.
    const snippets = ['', ' ', 'x', '1', '+ 1', '\n\n', '$', '$$', 'Let $m = 2$. ', 'Suppose that $x = 2y$. ', '**Case 2.** ', 'where $a = b + 1$', '<!-- ', ' -->', 'for $n = 1$ ', '\\frac{1}{2}', ', which is absurd', 'Let $e$ be the excess. ', 'modulo 7 '];
    const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...snippets) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const checker = new Checker();
        let text = base;
        checker.check(parseProof(text, 'markdown'));
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
          const incremental = checker.check(parseProof(text, 'markdown'));
          const fresh = new Checker().check(parseProof(text, 'markdown'));
          expect(seen(incremental)).toBe(seen(fresh));
        }
      }),
      { numRuns: 15, seed: 12 },
    );
  }, 240_000);
});

describe('edit regions', () => {
  it('finds the changed stretch and maps unchanged windows to their old offsets', () => {
    const region = editRegion('abcdefgh', 'abcXYdefgh');
    expect(region).toEqual({ start: 3, oldEnd: 3, newEnd: 5 });
    expect(unchangedOffset(region, 0, 3, 1)).toBe(1);
    expect(unchangedOffset(region, 5, 10, 6)).toBe(4);
    expect(unchangedOffset(region, 2, 6, 4)).toBeNull();
    expect(editRegion('same', 'same')).toEqual({ start: 4, oldEnd: 4, newEnd: 4 });
    // Repeated characters: the common suffix never overlaps the common prefix.
    expect(editRegion('aaa', 'aaaa')).toEqual({ start: 3, oldEnd: 3, newEnd: 4 });
  });
});
