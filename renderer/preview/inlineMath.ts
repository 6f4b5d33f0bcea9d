// A finding's message or quote as preview nodes: its inline math typeset by KaTeX with the core's
// configuration (trust: false, bounded), code spans as code, the rest as text (React escapes it). The
// cutting is the shared app/common/tex/inline-math.ts, which the HTML report uses too.
import type { InlineSegment } from '../../app/common/tex/inline-math';
import { MathBudget, MAX_PREVIEW_EXPANSION_CHARS } from '../../app/common/limits';
import type { MacroTable } from '../../app/common/tex/macros';
import { renderMath, type MathError, type PreviewNode } from './renderBlock';

/** `segments` as preview nodes; a formula KaTeX cannot read shows its source with the error. */
export function inlineMathNodes(segments: readonly InlineSegment[], macros: MacroTable): PreviewNode[] {
  const budget = new MathBudget(macros, new Map(), MAX_PREVIEW_EXPANSION_CHARS);
  const errors: MathError[] = [];
  return segments.map((s): PreviewNode =>
    s.kind === 'math' ? renderMath(s.fragment, macros, errors, budget)
      : s.kind === 'code' ? { kind: 'el', tag: 'code', children: [{ kind: 'text', value: s.text }] }
        : { kind: 'text', value: s.text });
}
