// References to labels the document does not define: LaTeX's "Reference `sec:x' undefined" warning.
// The preview and the report print such a reference as "??" (app/common/tex/references.ts), which a
// reader can miss in a long proof; here it becomes a finding in Problems, beside the reference.
import { DocumentNumbering, documentNumbers, fragmentEquations, type NumberableFragment } from '../../common/tex/numbering';
import type { LintIssue } from '../types';

/** The reference commands whose argument names labels (cleveref's take a comma-separated list). */
const REFERENCE_RE = /\\(ref|eqref|pageref|autoref|nameref|cref|Cref|cpageref|Cpageref|labelcref|crefrange|Crefrange)\*?\s*\{([^{}\n]*)\}(?:\s*\{([^{}\n]*)\})?/g;

/**
 * Every reference in `prose` ranges of `text` and in the math `fragments` (their `contentOffset` in
 * `text`) whose key no `\label` of the document defines, as the same numbering the preview and the
 * report use (equations of every fragment, sections and theorem-like environments of the text) reads
 * them. One warning per reference command, its range the command; `code` (never read) is skipped.
 */
export function undefinedReferences(text: string, prose: readonly { start: number; end: number }[], fragments: readonly (NumberableFragment & { contentOffset: number })[]): LintIssue[] {
  if (!text.includes('ref')) return [];
  const numbering = new DocumentNumbering();
  numbering.add(fragmentEquations(fragments));
  numbering.addDocument(documentNumbers(text), text);
  const defined = numbering.labels;
  const issues: LintIssue[] = [];
  const scan = (source: string, offset: number) => {
    if (!source.includes('ref')) return;
    for (const m of source.matchAll(REFERENCE_RE)) {
      const ranged = m[1] === 'crefrange' || m[1] === 'Crefrange';
      const keys = (ranged ? [m[2], m[3] ?? ''] : m[1].includes('cref') || m[1] === 'labelcref' || m[1].includes('pageref') ? m[2].split(',') : [m[2]]).map((k) => k.trim()).filter((k) => k !== '');
      const missing = keys.filter((k) => !defined.has(k));
      if (missing.length === 0) continue;
      const start = offset + m.index;
      issues.push({
        code: 'undefined-reference',
        level: 'warning',
        range: { start, end: start + m[0].length },
        message: `${missing.map((k) => `"${k}"`).join(', ')}: no \\label of ${missing.length === 1 ? 'that name' : 'those names'} in the document, so the reference prints "??" (as LaTeX's "Reference undefined")`,
      });
    }
  };
  for (const range of prose) scan(text.slice(range.start, range.end), range.start);
  for (const f of fragments) scan(f.tex, f.contentOffset);
  return issues;
}
