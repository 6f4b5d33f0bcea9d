// Math-only commands in running text (`\frac` outside `$…$`): usually a forgotten math delimiter.
import { macroDefinitions, textModeMathUses, type MacroTable } from '../../common/tex/macros';
import type { LintIssue } from '../types';

const MATH_ONLY = new Set([
  'frac', 'dfrac', 'tfrac', 'sqrt', 'sum', 'prod', 'int', 'oint', 'lim', 'infty', 'partial', 'nabla',
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa',
  'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Phi', 'Psi', 'Omega',
  'le', 'leq', 'ge', 'geq', 'ne', 'neq', 'cdot', 'times', 'div', 'pm', 'mp', 'in', 'notin', 'subset', 'subseteq',
  'cup', 'cap', 'setminus', 'emptyset', 'forall', 'exists', 'to', 'mapsto', 'implies', 'iff', 'Rightarrow',
  'Leftrightarrow', 'approx', 'equiv', 'sim', 'mathbb', 'mathcal', 'mathrm', 'mathbf', 'binom', 'left', 'right',
  'cdots', 'ldots', 'sin', 'cos', 'tan', 'log', 'ln', 'exp', 'max', 'min', 'sup', 'inf', 'det', 'gcd', 'mid',
  'lfloor', 'rfloor', 'lceil', 'rceil', 'langle', 'rangle', 'overline', 'underline', 'hat', 'bar', 'vec',
  'operatorname', 'mathfrak', 'circ', 'oplus', 'otimes', 'perp', 'parallel', 'angle',
]);

/**
 * Warnings for math-only commands in `prose` (ranges of `text` outside math, code and comments), except
 * inside `skip`: the document's macro definitions (`\newcommand{\set}[2]{%` over several lines, their
 * bodies are math) and text-mode math (`\ensuremath{\mathbb{N}}`, an `\ensuremath` macro's use), as
 * app/common/tex/macros.ts finds them for the preview and the report.
 */
export function mathCommandsInProse(text: string, prose: readonly { start: number; end: number }[], skip: readonly { start: number; end: number }[] = []): LintIssue[] {
  const issues: LintIssue[] = [];
  const re = /\\([A-Za-z]+)/g;
  for (const span of prose) {
    const slice = text.slice(span.start, span.end);
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      if (!MATH_ONLY.has(m[1])) continue;
      const start = span.start + m.index;
      if (skip.some((r) => r.start <= start && start < r.end)) continue;
      issues.push({
        code: 'math-command-in-text',
        level: 'warning',
        range: { start, end: start + m[0].length },
        message: `\`\\${m[1]}\` is a math command outside math: is a \`$\` missing?`,
      });
    }
  }
  return issues;
}

/**
 * The parts of `prose` that hold math all the same, for {@link mathCommandsInProse}'s `skip`: the
 * document's macro definitions standing in prose and its text-mode math uses (`\ensuremath{…}` and the
 * `\ensuremath` macros of `macros`), found by the same functions the preview and the report use.
 */
export function proseMath(text: string, prose: readonly { start: number; end: number }[], macros: MacroTable): { start: number; end: number }[] {
  const inProse = (at: number) => prose.some((p) => p.start <= at && at < p.end);
  const definitions = macroDefinitions(text).filter((d) => inProse(d.start));
  // Everything between prose spans is math, code or a comment: no text-mode use starts there.
  const notProse: { start: number; end: number }[] = [];
  let last = 0;
  for (const p of prose) {
    if (p.start > last) notProse.push({ start: last, end: p.start });
    last = p.end;
  }
  if (last < text.length) notProse.push({ start: last, end: text.length });
  return [...definitions, ...textModeMathUses(text, [...notProse, ...definitions], macros)];
}
