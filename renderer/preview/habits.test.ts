// Markdown + LaTeX habits (app/common/tex/cases/habits.ts) in the preview, as the workbench runs it;
// app/report/habits.test.ts holds the HTML report to the same cases.
import { describe, expect, it } from 'vitest';
import { HABIT_CASES } from '../../app/common/tex/cases/habits';
import { PreviewRenderer } from './incremental';
import type { PreviewNode } from './renderBlock';
import { mathmlText } from '../../app/common/tex/cases/habits';

/** A block's visible text: math as <math>, a struck span as <del>…</del>, other markup dropped. */
function visible(nodes: PreviewNode[]): string {
  return nodes.map((n) => (n.kind === 'text' ? n.value
    : n.kind === 'el' ? (n.tag === 'del' ? `<del>${visible(n.children)}</del>` : visible(n.children))
      : n.kind === 'math' ? (n.display ? '<display>' : '<math>') : '<error>')).join('');
}

/** Every element of `tag` in a tree, depth first. */
function elements(nodes: PreviewNode[], test: (n: Extract<PreviewNode, { kind: 'el' }>) => boolean): Extract<PreviewNode, { kind: 'el' }>[] {
  return nodes.flatMap((n) => (n.kind !== 'el' ? [] : [...(test(n) ? [n] : []), ...elements(n.children, test)]));
}

/** A table's rows, each cell's visible text. */
function tableCells(table: Extract<PreviewNode, { kind: 'el' }>): string[][] {
  return elements(table.children, (n) => n.tag === 'tr').map((row) => row.children.map((cell) => visible(cell.kind === 'el' ? cell.children : [cell])));
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

/** Each unknown reference's mark in document order: a `pw-ref-unknown` span in prose, or the one KaTeX's HTML holds in a formula. */
function unknownHints(nodes: PreviewNode[]): { shows: string; title?: string }[] {
  return nodes.flatMap((n) => {
    if (n.kind === 'el') return n.className === 'pw-ref-unknown' ? [{ shows: visible(n.children), title: n.title }] : unknownHints(n.children);
    if (n.kind !== 'math') return [];
    return [...n.html.matchAll(/<span class="[^"]*\bpw-ref-unknown" title="([^"]*)">([\s\S]*?)<\/span><\/span>/g)]
      .map((m) => ({ shows: m[2].replace(/<[^>]*>/g, ''), title: m[1].replace(/&[#\w]+;/g, (e) => ENTITIES[e] ?? e) }));
  });
}

function inlineMath(nodes: PreviewNode[]): string[] {
  return nodes.flatMap((n) => (n.kind === 'el' ? inlineMath(n.children) : n.kind === 'math' && !n.display ? [n.html] : []));
}

/** Each typeset formula's text as its MathML reads (its TeX annotation left out), spaces collapsed. */
function mathSources(nodes: PreviewNode[]): string[] {
  return nodes.flatMap((n) => (n.kind === 'el' ? mathSources(n.children) : n.kind === 'math' ? [mathmlText(n.html)] : []));
}

describe('Markdown + LaTeX habits in the preview', () => {
  it.each(HABIT_CASES)('$name', ({ text, format, shows, flowShows, hides, commaPunct, tables, unknownRefs, mathText }) => {
    const state = new PreviewRenderer().update(text, {}, format);
    expect(state.errors).toEqual([]);
    const all = state.blocks.map((b) => visible(b.rendered.nodes)).join('\n');
    for (const phrase of shows) expect(all).toContain(phrase);
    for (const phrase of flowShows ?? []) expect(all.replace(/\s+/g, ' ')).toContain(phrase);
    for (const phrase of hides) expect(all).not.toContain(phrase);
    if (commaPunct) {
      const html = state.blocks.flatMap((b) => inlineMath(b.rendered.nodes));
      expect(html.map((h) => /class="mpunct">,<\/span><span class="mspace"/.test(h))).toEqual(commaPunct);
    }
    const nodes = state.blocks.flatMap((b) => b.rendered.nodes);
    if (tables) expect(elements(nodes, (n) => n.tag === 'table').map(tableCells)).toEqual(tables);
    if (unknownRefs) {
      const hints = unknownHints(nodes);
      expect(hints.map((h) => h.shows)).toEqual(unknownRefs.map(() => '??'));
      expect(hints.map((h) => h.title)).toEqual(unknownRefs.map((key) => `No \\label{${key}} in this document`));
    }
    if (mathText) {
      const sources = mathSources(nodes);
      for (const phrase of mathText) expect(sources.some((tex) => tex.includes(phrase)), `${phrase} in ${sources.join(' | ')}`).toBe(true);
    }
  });

  it('a block of declarations alone shows nothing (no "Macro definitions" row either)', () => {
    const state = new PreviewRenderer().update('\\newtheorem{lemma}{Lemma}\n\\theoremstyle{remark}\n\\usepackage{icomma}\n\nText.');
    expect(state.blocks.map((b) => visible(b.rendered.nodes))).toEqual(['', 'Text.']);
  });

  it('a \\cref shows the new name when the environment it points to changes (the block keeps no stale copy)', () => {
    const renderer = new PreviewRenderer();
    const doc = (env: string) => `\\newtheorem{theorem}{Theorem}\n\\newtheorem{lemma}[theorem]{Lemma}\n\nBy \\cref{k}.\n\n\\begin{${env}}\\label{k}\nA.\n\\end{${env}}\n`;
    expect(visible(renderer.update(doc('lemma')).blocks[1].rendered.nodes)).toBe('By lemma 1.');
    expect(visible(renderer.update(doc('theorem')).blocks[1].rendered.nodes)).toBe('By theorem 1.');
  });
});
