// What the editor offers after `\`: common commands (as snippets), environments and Greek letters.
// Plain data so it can be tested without Monaco.

export interface CompletionEntry {
  label: string;
  /** Monaco snippet syntax ($1, ${1:name}, $0). */
  insert: string;
  detail: string;
  kind: 'command' | 'environment' | 'greek' | 'snippet';
}

const GREEK_LOWER = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota',
  'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi', 'varpi', 'rho', 'varrho', 'sigma', 'varsigma', 'tau', 'upsilon',
  'phi', 'varphi', 'chi', 'psi', 'omega',
];
const GREEK_UPPER = ['Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega'];

/** Commands with arguments become snippets with tab stops. */
const COMMANDS: [string, string, string][] = [
  ['frac', '\\frac{$1}{$2}$0', 'fraction'],
  ['dfrac', '\\dfrac{$1}{$2}$0', 'display fraction'],
  ['sqrt', '\\sqrt{$1}$0', 'square root'],
  ['binom', '\\binom{$1}{$2}$0', 'binomial'],
  ['sum', '\\sum_{${1:i=1}}^{${2:n}} $0', 'sum'],
  ['prod', '\\prod_{${1:i=1}}^{${2:n}} $0', 'product'],
  ['int', '\\int_{${1:a}}^{${2:b}} $0', 'integral'],
  ['lim', '\\lim_{${1:n \\to \\infty}} $0', 'limit'],
  ['left(', '\\left( $1 \\right)$0', 'sized parentheses'],
  ['left[', '\\left[ $1 \\right]$0', 'sized brackets'],
  ['mathbb', '\\mathbb{$1}$0', 'blackboard bold'],
  ['mathcal', '\\mathcal{$1}$0', 'calligraphic'],
  ['mathrm', '\\mathrm{$1}$0', 'roman'],
  ['mathbf', '\\mathbf{$1}$0', 'bold'],
  ['operatorname', '\\operatorname{$1}$0', 'operator name'],
  ['text', '\\text{$1}$0', 'text in math'],
  ['textbf', '\\textbf{$1}$0', 'bold text'],
  ['emph', '\\emph{$1}$0', 'emphasis'],
  ['overline', '\\overline{$1}$0', 'overline'],
  ['hat', '\\hat{$1}$0', 'hat accent'],
  ['tilde', '\\tilde{$1}$0', 'tilde accent'],
  ['vec', '\\vec{$1}$0', 'vector'],
  ['pmod', '\\pmod{$1}$0', 'modulus'],
  ['label', '\\label{$1}$0', 'label'],
  ['ref', '\\ref{$1}$0', 'reference'],
  ['newcommand', '\\newcommand{\\${1:name}}{$2}$0', 'define a macro'],
  ['cdot', '\\cdot', '·'], ['cdots', '\\cdots', '⋯'], ['ldots', '\\ldots', '…'], ['times', '\\times', '×'],
  ['leq', '\\leq', '≤'], ['geq', '\\geq', '≥'], ['neq', '\\neq', '≠'], ['equiv', '\\equiv', '≡'],
  ['approx', '\\approx', '≈'], ['sim', '\\sim', '∼'], ['in', '\\in', '∈'], ['notin', '\\notin', '∉'],
  ['subset', '\\subset', '⊂'], ['subseteq', '\\subseteq', '⊆'], ['cup', '\\cup', '∪'], ['cap', '\\cap', '∩'],
  ['infty', '\\infty', '∞'], ['partial', '\\partial', '∂'], ['nabla', '\\nabla', '∇'], ['forall', '\\forall', '∀'],
  ['exists', '\\exists', '∃'], ['implies', '\\implies', '⟹'], ['iff', '\\iff', '⟺'], ['to', '\\to', '→'],
  ['mapsto', '\\mapsto', '↦'], ['mid', '\\mid', '∣'], ['nmid', '\\nmid', '∤'], ['pm', '\\pm', '±'],
  ['circ', '\\circ', '∘'], ['emptyset', '\\emptyset', '∅'], ['setminus', '\\setminus', '∖'],
  ['lfloor', '\\lfloor $1 \\rfloor$0', '⌊ ⌋'], ['lceil', '\\lceil $1 \\rceil$0', '⌈ ⌉'],
  ['quad', '\\quad', 'space'], ['qquad', '\\qquad', 'wide space'], ['qed', '\\qed', '∎'],
  ['gcd', '\\gcd', 'gcd'], ['log', '\\log', 'log'], ['ln', '\\ln', 'ln'], ['sin', '\\sin', 'sin'], ['cos', '\\cos', 'cos'],
];

export const ENVIRONMENTS = [
  'align', 'align*', 'equation', 'equation*', 'gather', 'gather*', 'multline', 'cases', 'pmatrix', 'bmatrix',
  'matrix', 'aligned', 'array', 'proof', 'theorem', 'lemma', 'proposition', 'corollary', 'claim',
  'definition', 'remark', 'example', 'itemize', 'enumerate',
];

/** Body templates for environments whose shape is known. */
const ENV_BODIES: Record<string, string> = {
  'align*': '\t${1:a} &= ${2:b} \\\\\\\\\n\t&= ${3:c}',
  align: '\t${1:a} &= ${2:b} \\\\\\\\\n\t&= ${3:c}',
  cases: '\t${1:a} & \\\\text{if } ${2:x > 0}, \\\\\\\\\n\t${3:b} & \\\\text{otherwise.}',
  proof: '\t$1',
  array: '\t$1',
};

export function environmentSnippet(env: string): string {
  const body = ENV_BODIES[env] ?? '\t$1';
  const arg = env === 'array' ? '{${2:cc}}' : '';
  return `\\\\begin{${env}}${arg}\n${body}\n\\\\end{${env}}$0`;
}

export function completionEntries(): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  for (const [name, insert, detail] of COMMANDS) entries.push({ label: `\\${name}`, insert: escapeCommand(insert), detail, kind: 'command' });
  for (const g of [...GREEK_LOWER, ...GREEK_UPPER]) entries.push({ label: `\\${g}`, insert: `\\\\${g}`, detail: 'Greek letter', kind: 'greek' });
  for (const env of ENVIRONMENTS) entries.push({ label: `\\begin{${env}}`, insert: environmentSnippet(env), detail: 'environment', kind: 'environment' });
  entries.push({ label: '\\begin', insert: '\\\\begin{${1:env}}\n\t$0\n\\\\end{${1:env}}', detail: '\\begin…\\end pair', kind: 'snippet' });
  return entries;
}

/** In Monaco snippets a backslash must be doubled; tab stops ($1) are kept. */
function escapeCommand(insert: string): string {
  return insert.replace(/\\/g, '\\\\');
}

/** What a snippet inserts when it has no tab stops or variables (`\\alpha` → `\alpha`); null when it has some. */
export function plainInsert(snippet: string): string | null {
  if (/(^|[^\\])(\\\\)*\$/.test(snippet)) return null;
  return snippet.replace(/\\([\\$}])/g, '$1');
}

/**
 * The command being typed at the end of `line` (`\fr`, or a lone `\` just typed), or null when there
 * is none. A backslash that is itself escaped starts no command: `\\` is a line break and `\\\` a
 * break followed by a new command, so the run of backslashes before the letters must be odd.
 */
export function commandPrefix(line: string): string | null {
  const m = /(\\+)([A-Za-z]*)$/.exec(line);
  if (!m || m[1].length % 2 === 0) return null;
  return `\\${m[2]}`;
}
