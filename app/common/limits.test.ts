import { describe, expect, it } from 'vitest';
import { assertDocumentSize, expandedSize, MathBudget, MAX_DOCUMENT_CHARS, MAX_DOCUMENT_EXPANSION_CHARS, MAX_MATH_EXPANSION_CHARS, texNestingDepth } from './limits';

describe('document and formula limits', () => {
  it('refuses a document over the size limit with both sizes in the message', () => {
    expect(() => assertDocumentSize(MAX_DOCUMENT_CHARS)).not.toThrow();
    expect(() => assertDocumentSize(50_000_000)).toThrow('the document is too large: 50,000,000 characters of text, and Proofwright works on documents of up to 5,000,000 characters (split it into several files)');
  });

  it('measures nesting of braces, \\left…\\right and environments', () => {
    expect(texNestingDepth('\\frac{a}{b}')).toBe(1);
    expect(texNestingDepth('\\left( \\frac{\\sqrt{x}}{2} \\right)')).toBe(3);
    expect(texNestingDepth('\\{ \\} \\leftarrow')).toBe(0);
    expect(texNestingDepth(`${'\\frac{1}{'.repeat(1000)}x${'}'.repeat(1000)}`)).toBe(1000);
  });

  it('estimates what macros expand to, through macros that use macros, and treats a cycle as too large', () => {
    const macros = { '\\A': 'x'.repeat(1000), '\\B': '\\A\\A', '\\loop': '\\loop x' };
    expect(expandedSize('\\B + \\B', macros)).toBe('\\B + \\B'.length + 2 * (2000 - 2));
    expect(expandedSize('\\loop', macros)).toBeGreaterThan(MAX_MATH_EXPANSION_CHARS);
    expect(expandedSize('\\frac{a}{b}', macros)).toBe(11);
  });

  it('refuses a formula whose macro is long and used many times, and one nested too deeply', () => {
    const budget = new MathBudget({ '\\big': 'x^{2}+'.repeat(400) });
    expect(budget.check('\\big + \\big')).toBeNull();
    expect(budget.check(Array(100).fill('\\big').join('+'))).toMatch(/^Formula too large to typeset or check: its macros expand to more than 20,000 characters$/);
    expect(budget.check(`${'\\frac{1}{'.repeat(1000)}x${'}'.repeat(1000)}`)).toBe('Formula nested too deeply to typeset or check (1000 levels; the limit is 100)');
  });

  it('says a long formula without macros is too long, not that macros expand', () => {
    const plain = 'x+'.repeat(13_000); // 26,000 characters, no macro in it
    const expected = 'Formula too long to typeset or check: 26,000 characters; the limit is 20,000';
    expect(new MathBudget().check(plain)).toBe(expected);
    // The same with a macro table that this formula does not use.
    expect(new MathBudget({ '\\R': '\\mathbb{R}' }).check(plain)).toBe(expected);
  });

  it('bounds the total expansion of one document', () => {
    const body = 'y'.repeat(MAX_MATH_EXPANSION_CHARS / 2);
    const budget = new MathBudget({ '\\C': body });
    const uses = Math.ceil(MAX_DOCUMENT_EXPANSION_CHARS / body.length);
    const refused = Array.from({ length: uses + 5 }, (_, i) => budget.check(`\\C_${i}`)).filter((r) => r !== null);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatch(/the document's macros together expand by more than 2,000,000 characters/);
  });
});
