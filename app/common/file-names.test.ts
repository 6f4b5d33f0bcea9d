import { describe, expect, it } from 'vitest';
import { newNameProblem, visibleInMessage, visibleName } from './file-names';

describe('newNameProblem', () => {
  it('refuses every bidirectional control, naming it, and shows the name with it written out', () => {
    expect(newNameProblem('x\u202Egnp.md')).toBe(
      'the name "x[U+202E]gnp.md" holds U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control that makes a name read differently from what it is (a faked extension, say); choose a name without it',
    );
    for (const cp of [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      expect(newNameProblem(`a${String.fromCodePoint(cp)}b.md`)).toMatch(new RegExp(`holds U\\+${hex} [A-Z -]+, a bidirectional control`));
    }
  });

  it('refuses C0 and C1 controls, DEL and invisible characters', () => {
    expect(newNameProblem('a\tb.md')).toContain('holds U+0009, a control character');
    expect(newNameProblem('a\u001Fb.md')).toContain('U+001F, a control character');
    expect(newNameProblem('a\u007Fb.md')).toContain('U+007F, a control character');
    expect(newNameProblem('a\u0085b.md')).toContain('U+0085, a control character');
    expect(newNameProblem('a\u009Fb.md')).toContain('U+009F, a control character');
    expect(newNameProblem('a\u200Bb.md')).toContain('U+200B ZERO WIDTH SPACE, an invisible character');
    expect(newNameProblem('\uFEFFa.md')).toContain('U+FEFF');
  });

  it('refuses names Windows reserves, with any extension and in any case, and says why', () => {
    for (const name of ['CON', 'con.md', 'Con.problem.md', 'PRN.tex', 'aux.md', 'nul', 'NUL.tar.gz', 'COM1.md', 'com9', 'LPT1.md', 'lpt9.tex']) {
      expect(newNameProblem(name), name).toMatch(/cannot be used on Windows: (CON|PRN|AUX|NUL|COM\d|LPT\d) is a device name there/);
    }
    expect(newNameProblem('proof.md.')).toBe('the name "proof.md." cannot be used on Windows: a name there cannot end in a dot; choose another name');
    expect(newNameProblem('proof.md ')).toContain('cannot end in a space');
  });

  it('accepts ordinary names, Unicode ones included (no false alarm)', () => {
    for (const name of ['proof.md', 'console.md', 'cons.md', 'com10.md', 'COM0.md', 'lpt.md', 'auxiliary lemma.tex', 'x.con', 'nul-space.md',
      'Beweis über Primzahlen.md', 'הוכחה.md', 'برهان.tex', '证明.md', 'e\u0301te\u0301.md', '👩\u200D🔬 proof.md', 'می\u200Cخواهم.md', '.hidden.md', 'a b.md']) {
      expect(newNameProblem(name), name).toBeNull();
    }
  });
});

describe('visibleName', () => {
  it('writes out bidi controls and control characters as [U+XXXX], keeping every other character and the order', () => {
    expect(visibleName('x\u202Egnp.md')).toBe('x[U+202E]gnp.md');
    expect(visibleName('sub/\u2066a\u2069\u0007.md')).toBe('sub/[U+2066]a[U+2069][U+0007].md');
    const plain = 'Beweis über הוכחה 👩\u200D🔬.md';
    expect(visibleName(plain)).toBe(plain);
  });
});

describe('visibleInMessage', () => {
  it('writes out a quoted name\'s bidi controls and invisible characters, and keeps the message\'s own line breaks and tabs', () => {
    expect(visibleInMessage('Saved old\u202Egnp.md')).toBe('Saved old[U+202E]gnp.md');
    expect(visibleInMessage('Could not save a\u200Bb.md:\n\tdisk full')).toBe('Could not save a[U+200B]b.md:\n\tdisk full');
    const plain = 'Opened Beweis über הוכחה 👩\u200D🔬.md';
    expect(visibleInMessage(plain)).toBe(plain);
  });
});
