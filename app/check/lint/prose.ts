// Math-only commands in running text (`\frac` outside `$…$`): usually a forgotten math delimiter.
import { macroDefinitions, type MacroTable } from '../../common/tex/macros';
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
 * bodies are math), as app/common/tex/macros.ts finds them for the preview and the report.
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
 * document's macro definitions standing in prose (a body may span lines: `\newcommand{\set}[2]{%`),
 * found by the same function the preview and the report use.
 */
export function proseMath(text: string, prose: readonly { start: number; end: number }[], _macros: MacroTable): { start: number; end: number }[] {
  const inProse = (at: number) => prose.some((p) => p.start <= at && at < p.end);
  return macroDefinitions(text).filter((d) => inProse(d.start));
}
