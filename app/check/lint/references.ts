// References to labels the document does not define: LaTeX's "Reference `sec:x' undefined" warning.
// The preview and the report print such a reference as "??" (app/common/tex/references.ts), which a
// reader can miss in a long proof; here it becomes a finding in Problems, beside the reference.
import { DocumentNumbering, documentNumbers, fragmentEquations, referencesIn, type NumberableFragment } from '../../common/tex/numbering';
import type { LintIssue } from '../types';

/**
 * Every reference in `prose` ranges of `text` and in the math `fragments` (their `contentOffset` in
 * `text`) whose key no `\label` of the document defines, as the same numbering the preview and the
 * report use (equations of every fragment, sections and theorem-like environments of the text) reads
 * them, and the same reference commands they resolve (numbering.ts referencesIn). One warning per
 * reference command, its range the command; `code` (never read) is skipped.
 */
export function undefinedReferences(text: string, prose: readonly { start: number; end: number }[], fragments: readonly (NumberableFragment & { contentOffset: number })[]): LintIssue[] {
  if (!text.includes('ref')) return [];
  const numbering = new DocumentNumbering();
  numbering.add(fragmentEquations(fragments));
  numbering.addDocument(documentNumbers(text), text);
  const defined = numbering.labels;
  const issues: LintIssue[] = [];
  const scan = (source: string, offset: number) => {
    for (const reference of referencesIn(source)) {
      const named = (k: string) => defined.unnumbered.has(k);
      // A Markdown heading's label has a title (`\nameref` prints it) but no number.
      const missing = reference.keys.filter((k) => k !== '' && !defined.has(k) && !(reference.command === 'nameref' && named(k)));
      if (missing.length === 0) continue;
      if (missing.every(named)) {
        issues.push({
          code: 'undefined-reference',
          level: 'warning',
          range: { start: offset + reference.start, end: offset + reference.end },
          message: `${missing.map((k) => `"${k}"`).join(', ')} labels a Markdown heading, which has no number (Pandoc numbers none), so this reference prints "??"; \\nameref{${missing[0]}} prints its title`,
        });
        continue;
      }
      issues.push({
        code: 'undefined-reference',
        level: 'warning',
        range: { start: offset + reference.start, end: offset + reference.end },
        message: `${missing.map((k) => `"${k}"`).join(', ')}: no \\label of ${missing.length === 1 ? 'that name' : 'those names'} in the document, so the reference prints "??" (as LaTeX's "Reference undefined")`,
      });
    }
  };
  for (const range of prose) scan(text.slice(range.start, range.end), range.start);
  for (const f of fragments) scan(f.tex, f.contentOffset);
  return issues;
}

const LABEL_RE = /\\label\s*\{([^{}\n]*)\}/g;

/**
 * Every `\label{key}` of `prose` ranges and math `fragments` whose key an earlier `\label` already
 * defines (two headings, two theorems, a heading and an equation): LaTeX's warning "Label `key'
 * multiply defined", where a reference to the key names only one of them. One warning per repeat, its
 * range the repeated `\label{…}`, naming the line of the first. Code is not read.
 */
export function duplicateLabels(text: string, prose: readonly { start: number; end: number }[], fragments: readonly { tex: string; contentOffset: number }[]): LintIssue[] {
  if (!text.includes('\\label')) return [];
  const found: { key: string; start: number; end: number }[] = [];
  const scan = (source: string, offset: number) => {
    if (!source.includes('\\label')) return;
    for (const m of source.matchAll(LABEL_RE)) found.push({ key: m[1].trim(), start: offset + m.index, end: offset + m.index + m[0].length });
  };
  for (const range of prose) scan(text.slice(range.start, range.end), range.start);
  for (const f of fragments) scan(f.tex, f.contentOffset);
  if (found.length < 2) return [];
  found.sort((a, b) => a.start - b.start);
  const first = new Map<string, number>();
  const issues: LintIssue[] = [];
  for (const label of found) {
    if (label.key === '') continue;
    const at = first.get(label.key);
    if (at === undefined) {
      first.set(label.key, label.start);
      continue;
    }
    const line = text.slice(0, at).split('\n').length;
    issues.push({
      code: 'duplicate-label',
      level: 'warning',
      range: { start: label.start, end: label.end },
      message: `\\label{${label.key}} is defined twice (first on line ${line}), as LaTeX warns "Label \`${label.key}' multiply defined": every reference to it names only one of them`,
    });
  }
  return issues;
}
