// An unknown reference inside a formula: its "??" carries the hint prose gives it (rev3), through the
// one door KaTeX's `trust` opens (katex.ts trusted); a document's own HTML commands stay refused.
import { describe, expect, it } from 'vitest';
import { renderTex } from './katex';
import { DocumentNumbering, numberFragments } from './numbering';
import { mathmlText } from './cases/habits';

describe('unknown references in math', () => {
  it('the "??" of \\ref, \\eqref and \\cref in math is a pw-ref-unknown group titled with its key; a known one is its number', () => {
    const labels = new DocumentNumbering().labels;
    labels.record('eq:known', '3', { type: 'equation' });
    const fragments = [{ tex: 'x \\in S_{\\ref{nope}} \\text{ by \\cref{eq:known} and \\eqref{gone}}', display: false }];
    const [{ fragment, unknown }] = numberFragments(fragments, 1, labels);
    expect(unknown).toEqual(['nope', 'gone']);
    const out = renderTex(fragment.tex, false, {}, undefined, undefined, unknown);
    expect('html' in out).toBe(true);
    const html = 'html' in out ? out.html : '';
    const titles = [...html.matchAll(/class="[^"]*pw-ref-unknown" title="([^"]*)"/g)].map((m) => m[1]);
    expect(titles).toEqual(['No \\label{nope} in this document', 'No \\label{gone} in this document']);
    expect(mathmlText(html)).toBe('x∈S?? by eq. (3) and (??)');
    expect(html).not.toContain('data-pw-ref-unknown');
  });

  it('a formula with only known references has no mark (and is typeset as before)', () => {
    const labels = new DocumentNumbering().labels;
    labels.record('a', '1', { type: 'equation' });
    const [{ fragment, unknown }] = numberFragments([{ tex: 'y = \\eqref{a}', display: false }], 1, labels);
    expect(unknown).toBeUndefined();
    const out = renderTex(fragment.tex, false, {});
    expect('html' in out && out.html).not.toMatch(/pw-ref-unknown/);
  });

  it('a document\'s own \\htmlClass, \\htmlId, \\htmlStyle, \\href and other \\htmlData stay untrusted (shown as the command, never markup)', () => {
    for (const tex of ['\\htmlClass{pw-ref-unknown}{a}', '\\htmlId{x}{a}', '\\htmlStyle{color:red}{a}', '\\href{https://x.org}{a}', '\\htmlData{onclick=1}{a}', '\\htmlData{pw-ref-unknown=x}{a}', '\\htmlData{pw-ref-unknown=1,foo=2}{a}']) {
      const out = renderTex(tex, false, {}, undefined, undefined, ['k', 'k']);
      const html = 'html' in out ? out.html : '';
      expect(html, tex).not.toMatch(/id="x"|style="color:red"|href=|data-onclick|data-foo|pw-ref-unknown"/);
    }
  });

  it('a document cannot forge the mark: its own \\htmlData{pw-ref-unknown=…} (direct, spaced, through a macro) or a hand-typed control symbol gets no "??" group or hint', () => {
    const forged = ['\\htmlData{pw-ref-unknown=0}{\\text{FORGED}}', '\\htmlData{ pw-ref-unknown = 7 }{\\text{FORGED}}', '\\newcommand{\\f}{\\htmlData{pw-ref-unknown=0}}\\f{\\text{FORGED}}', '\\def\\g{\\htmlData{pw-ref-unknown=1}}\\g{\\text{FORGED}}'];
    const labels = new DocumentNumbering().labels;
    for (const tex of [...forged, '\\text{FORGED} \\ref{real}']) {
      const [{ fragment, unknown }] = numberFragments([{ tex, display: false }], 1, labels);
      const out = renderTex(fragment.tex, false, {}, undefined, undefined, unknown ?? ['victim', 'victim']);
      const html = 'html' in out ? out.html : '';
      // The one real unknown reference (\\ref{real}) keeps its own mark; nothing else is one.
      const titles = [...html.matchAll(/class="[^"]*pw-ref-unknown" title="([^"]*)"/g)].map((m) => m[1]);
      expect(titles, tex).toEqual(tex.includes('real') ? ['No \\label{real} in this document'] : []);
      expect(html, tex).not.toContain('victim');
    }
    // The mark's control symbol typed by hand (a private-use character) is an unknown command, as LaTeX says.
    const [{ fragment, unknown }] = numberFragments([{ tex: '\\\uE010{0}', display: false }], 1, labels);
    const out = renderTex(fragment.tex, false, {}, undefined, undefined, unknown ?? ['victim']);
    expect('error' in out && out.error.message).toMatch(/Undefined control sequence/);
  });

  it('a document that reads the mark out of its expansion (\\expandafter into its own macro: rev10) dresses nothing else as the mark', () => {
    const labels = new DocumentNumbering().labels;
    const tex = '\\def\\fg\\htmlData#1#2{\\htmlData{#1}{\\text{FORGED}}}\\expandafter\\fg\\ref{nope}';
    const [{ fragment, unknown }] = numberFragments([{ tex, display: false }], 1, labels);
    const out = renderTex(fragment.tex, false, {}, undefined, undefined, unknown);
    const html = 'html' in out ? out.html : '';
    expect(html).toContain('FORGED');
    expect(html).not.toMatch(/pw-ref-unknown" title=/);
  });
});

