// The checker's evidence is part of the verifier prompt, and a resumed run (History › Resume,
// `--resume`) and a re-run folder find their finished calls by the prompt's hash. So the evidence must
// be the same for the same text however loaded the machine is (rev19 F3: under load the symbolic pass
// ran out of its wall-clock budget and "verified symbolically" became "holds numerically at 1 point").
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseProof } from '../proof';
import { buildVerifyPrompt, loadTemplates } from '../prompts';
import { Checker, checkDocument, clearCheckerCaches, computationEvidence } from '.';

const PROBLEM = 'Prove that for every positive integer $n$, $$1^2 + 2^2 + \\cdots + n^2 = \\frac{n(n+1)(2n+1)}{6}.$$';
// The reviewer's walk3 proof, with its last row made right: a correct proof, no alarm expected.
const PROOF = `We prove the formula by induction on $n$. Write $S(n) = \\sum_{k=1}^{n} k^2$.

**Base case.** For $n = 1$ we have $S(1) = 1$ and $\\frac{1 \\cdot 2 \\cdot 3}{6} = 1$, so the formula holds.

**Inductive step.** Assume that for some $n \\ge 1$
$$
S(n) = \\frac{n(n+1)(2n+1)}{6}.
$$

Then
$$
\\begin{aligned}
S(n+1) &= S(n) + (n+1)^2 \\\\
       &= \\frac{n(n+1)(2n+1)}{6} + (n+1)^2 \\\\
       &= \\frac{(n+1)\\bigl(n(2n+1) + 6(n+1)\\bigr)}{6} \\\\
       &= \\frac{(n+1)(2n^2 + 7n + 6)}{6} \\\\
       &= \\frac{(n+1)(n+2)(2n+3)}{6}.
\\end{aligned}
$$

This is the formula for $n+1$, since $2(n+1) + 1 = 2n + 3$. By induction it holds for every positive integer $n$;
for $n = 2$, for instance, $\\frac{2 \\cdot 3 \\cdot 5}{6} = 5$. $\\blacksquare$
`;

/** A machine so loaded that every reading of the clock finds 5 s gone since the last one. */
function loadedClock(): void {
  const real = performance.now.bind(performance);
  let lag = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => real() + (lag += 5_000));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the checker evidence in the verifier prompt does not depend on machine load', () => {
  it('gives the same prompt, byte for byte, on an idle and on a loaded machine', async () => {
    const templates = await loadTemplates();
    const prompt = () => {
      const doc = parseProof(PROOF, 'markdown');
      return buildVerifyPrompt(templates, 'labelled', { problem: PROBLEM, proof: PROOF, doc, evidence: computationEvidence(doc) });
    };
    clearCheckerCaches();
    const idle = prompt();
    const idleText = idle.messages.map((m) => m.content).join('\n');
    // The symbolic pass ran: the closed arithmetic of the base case is verified, not merely sampled.
    expect(idleText).toContain('- verified symbolically: $\\frac{1 \\cdot 2 \\cdot 3}{6} = 1$');
    // A correct proof: nothing refuted.
    expect(idleText).not.toContain('FAILS');

    clearCheckerCaches();
    loadedClock();
    const loaded = prompt();
    expect(loaded.messages).toEqual(idle.messages);
    expect(loaded.promptHash).toBe(idle.promptHash);
  });

  it('spends its budget in simplifier attempts: the same relations are verified with cold or warm caches and on a re-check', () => {
    const doc = parseProof(PROOF, 'markdown');
    const statuses = (findings: ReturnType<typeof checkDocument>['computations']) => findings.map((f) => `${f.status} ${f.left} ${f.op} ${f.right}`);
    clearCheckerCaches();
    const full = statuses(checkDocument(doc).computations);
    expect(full.filter((s) => s.startsWith('verified'))).toEqual(['verified \\frac{1 \\cdot 2 \\cdot 3}{6} = 1', 'verified \\frac{2 \\cdot 3 \\cdot 5}{6} = 5']);
    // One attempt: the first equality asked is verified, the later one stays 'holds', whatever the clock says.
    clearCheckerCaches();
    loadedClock();
    const one = statuses(checkDocument(doc, { symbolicAttempts: 1 }).computations);
    expect(one.filter((s) => s.startsWith('verified'))).toEqual([full.filter((s) => s.startsWith('verified'))[0]]);
    // The simplifier's answers are memoised now; they still count against the budget.
    expect(statuses(checkDocument(doc, { symbolicAttempts: 1 }).computations)).toEqual(one);
    // A kept Checker re-checking the same text takes its fragments from its cache and spends the same.
    const kept = new Checker({ symbolic: true, symbolicAttempts: 1 });
    expect(statuses(kept.check(doc).computations)).toEqual(one);
    expect(statuses(kept.check(doc).computations)).toEqual(one);
    expect(statuses(checkDocument(doc, { symbolicAttempts: 0 }).computations).some((s) => s.startsWith('verified'))).toBe(false);
  });
});
