// A deterministic, realistic-looking long proof (Markdown + LaTeX) for benchmarks and tests.

const blocks = (k: number): string[] => [
  `## Part ${k}`,
  `We now bound the term $a_{${k}}$. Suppose that \\(x_{${k}} > 0\\) and let $y = x_{${k}}^2 + ${k}$.`,
  `By the induction hypothesis we have:\n$$\n\\sum_{i=1}^{${k}} a_i \\le ${k} \\cdot C\n$$`,
  `- Since $y > ${k}$, the bound holds for $n = ${k}$.\n- The case \\(n = ${k + 1}\\) follows from\n  \\[ a_{n+1} \\le a_n + 1. \\]\n- Finally $C \\ge 1$.`,
  `\\begin{align}\n  f(${k}) &= ${k}^2 + 1 \\\\\n  &\\le 2 \\cdot ${k}^2.\n\\end{align}`,
  `\\begin{lemma}\nFor every $m \\le ${k}$ the estimate holds.\n\\end{lemma}`,
  `Therefore the sum is at most \\(${k} C\\), which proves the claim for step ${k}.`,
];

/** Roughly `lines` lines of proof text (whole blocks, so a little more). */
export function syntheticProof(lines: number): string {
  const parts: string[] = ['# Proof', '\\begin{proof}'];
  let count = 2;
  for (let k = 1; count < lines; k++) {
    for (const block of blocks(k)) {
      parts.push(block);
      count += block.split('\n').length + 1;
    }
  }
  parts.push('\\end{proof}');
  return parts.join('\n\n') + '\n';
}
