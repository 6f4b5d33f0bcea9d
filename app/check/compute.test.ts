import { describe, expect, it } from 'vitest';
import { parseProof } from '../proof';
import { Checker } from './checker';
import { relationPairs } from './compute/chains';
import { documentContext, valuesNear } from './compute/context';
import { collectFacts, type FactSource } from './compute/facts';
import { formatEvidence } from './evidence';
import type { ComputationFinding } from './types';

/** Each pair as "left | op | right" with the source text its range covers. */
function pairs(tex: string): string[] {
  return relationPairs(tex, 0).map((p) => `${p.left.tex} | ${p.op} | ${p.right.tex} @ ${JSON.stringify(tex.slice(p.left.start, p.right.end))}`);
}

function check(text: string, options = {}): ComputationFinding[] {
  return new Checker(options).check({ text, format: 'markdown' }).computations;
}

describe('relation chains', () => {
  it('continues align rows from the previous term and drops annotations and punctuation', () => {
    const tex = '(a+b)^2 &= a^2 + 2ab + b^2 \\\\\n &\\ge 4ab \\quad (\\text{by AM-GM}).';
    expect(pairs(tex)).toEqual([
      '(a+b)^2 | = | a^2 + 2ab + b^2 @ "(a+b)^2 &= a^2 + 2ab + b^2"',
      'a^2 + 2ab + b^2 | \\ge | 4ab @ "a^2 + 2ab + b^2 \\\\\\\\\\n &\\\\ge 4ab"',
    ]);
  });

  it('keeps the chain across \\intertext and reads \\overset{…}{=} as the relation', () => {
    expect(pairs('x &= y \\\\ \\intertext{so that} &= z')).toEqual(['x | = | y @ "x &= y"', 'y | = | z @ "y \\\\\\\\ \\\\intertext{so that} &= z"']);
    expect(pairs('a \\overset{(1)}{=} b \\stackrel{\\text{AM-GM}}{\\le} c').map((p) => p.split(' @ ')[0])).toEqual(['a | = | b', 'b | \\le | c']);
  });

  it('stops at unchecked relations, definitions and commas', () => {
    expect(pairs('a \\approx b = c').map((p) => p.split(' @ ')[0])).toEqual(['b | = | c']);
    expect(pairs('S := 1 + 2 = 3').map((p) => p.split(' @ ')[0])).toEqual(['1 + 2 | = | 3']);
    expect(pairs('x = 1, y = 2').map((p) => p.split(' @ ')[0])).toEqual(['x | = | 1', 'y | = | 2']);
  });

  it('gives document ranges from the fragment offset', () => {
    const [p] = relationPairs('u = v', 100);
    expect([p.left.start, p.right.end, p.opRange.start]).toEqual([100, 105, 102]);
  });
});

describe('stated domains and values', () => {
  it('reads bounds, intervals, sets, shared bounds, orders between variables and words', () => {
    const text = 'Let $x \\in [0, 1]$, $y, z > 0$, $0 < t < 2$, $n \\in \\mathbb{N}$, $1 \\le m \\le k$ and let $p$ be a positive integer.';
    const fragments = [...text.matchAll(/\$([^$]+)\$/g)].map((m) => ({ tex: m[1], start: m.index + 1, end: m.index + 1 + m[1].length, display: false }));
    const ctx = documentContext(text, fragments);
    expect(ctx.domains.get('x')).toMatchObject({ lower: 0, upper: 1, lowerStrict: false, upperStrict: false, stated: true });
    expect(ctx.domains.get('y')).toMatchObject({ lower: 0, lowerStrict: true });
    expect(ctx.domains.get('z')).toMatchObject({ lower: 0, lowerStrict: true });
    expect(ctx.domains.get('t')).toMatchObject({ lower: 0, upper: 2, lowerStrict: true, upperStrict: true });
    expect(ctx.domains.get('n')).toMatchObject({ integer: true, lower: 0 });
    expect(ctx.domains.get('p')).toMatchObject({ integer: true, lower: 1, lowerStrict: false });
    // The order holds in the section that states it (the whole text here: one section).
    expect(ctx.relations).toContainEqual({ left: 'm', op: '\\le', right: 'k', section: 0, untilSection: 1 });
  });

  it('fixes values said just before, in the same paragraph only', () => {
    const text = 'Let $n = 5$. Then $$n^2 = 25.$$\n\nNow $$n = n.$$';
    const fragments = [...text.matchAll(/\$\$?([^$]+)\$\$?/g)].map((m) => ({ tex: m[1], start: m.index + 1, end: m.index + m[0].length, display: m[0].startsWith('$$') }));
    const ctx = documentContext(text, fragments);
    expect(valuesNear(ctx, text.indexOf('$$n^2'))).toEqual(new Map([['n', 5]]));
    expect(valuesNear(ctx, text.lastIndexOf('$$n ='))).toEqual(new Map());
  });
});

describe('values fixed for a base case, a case or an example', () => {
  /** Every `$…$` and `$$…$$` of `text` as a fragment. */
  const fragmentsOf = (text: string) =>
    [...text.matchAll(/\$\$?([^$]+)\$\$?/g)].map((m) => ({ tex: m[1], start: m.index + (m[0].startsWith('$$') ? 2 : 1), end: m.index + m[0].length, display: m[0].startsWith('$$') }));
  const induction = 'For $n = 1$: $2^1 = 2 \\ge 2$. Suppose $2^n \\ge n+1$. Then $$2^{n+1} = 2 \\cdot 2^n = 2^n + 2 \\ge n + 3.$$';

  it('does not judge the inductive step at the base case value (the false step fails)', () => {
    const findings = check(induction);
    const step = findings.find((c) => c.left === '2 \\cdot 2^n' && c.right === '2^n + 2')!;
    expect(step.status).toBe('fails');
    // No relation after the hypothesis is said to hold "under n = 1", and neither is the evidence for the verifier.
    const afterHypothesis = findings.filter((c) => c.range.start > induction.indexOf('Suppose'));
    expect(afterHypothesis.flatMap((c) => c.hypotheses ?? [])).not.toContain('n = 1');
    expect(formatEvidence(findings)).not.toMatch(/under \$n = 1\$/);
    expect(formatEvidence(findings)).toMatch(/FAILS: \$2 \\cdot 2\^n = 2\^n \+ 2\$ at n = /);
  });

  it('does not silence a false step as "uses the assumption n = 1"', () => {
    const [, , step] = check('For $n = 1$: $(1+1)^2 = 4$. Suppose the claim holds for $n$. Then\n$$(n+1)^2 = n^2 + 2.$$');
    expect(step).toMatchObject({ left: '(n+1)^2', status: 'fails' });
  });

  it('ends the value at the hypothesis, the inductive step, a new case or a re-quantified variable', () => {
    const ends = (text: string) => collectFacts(text, fragmentsOf(text), () => false).filter((f) => f.tex === 'n = 1').map((f) => f.until);
    expect(ends(induction)).toEqual([induction.indexOf(' Suppose')]);
    const step = '**Base case.** $n = 1$: $1 = 1^2$. **Inductive step.** We add $$n^2 + 2n + 1 = 4n.$$';
    expect(ends(step)).toEqual([step.indexOf('Inductive step')]);
    const general = 'When $n = 1$ the sum is $1$. Now let $n \\ge 1$ be arbitrary: $$n^2 + n = 2n^2.$$';
    expect(ends(general)).toEqual([general.indexOf(' Now let')]);
    const parity = 'Take $n = 1$: $n^2 = 1$. If $n$ is even, $$n^2 = 4k^2.$$';
    expect(ends(parity)).toEqual([parity.indexOf(' If $n$')]);
    // A case value ends at the next step of the argument even when that step names another letter.
    const other = 'Base case ($n=1$): $1 = 1$. Assume the formula for $k$. Then $$n^2 + 2n + 1 = 4n.$$';
    expect(ends(other)).toEqual([other.indexOf(' Assume')]);
    expect(valuesNear(documentContext(induction, fragmentsOf(induction)), induction.indexOf('$$'))).toEqual(new Map());
  });

  it('keeps a value through a hypothesis about other variables', () => {
    const text = 'Let $n = 5$. Suppose $x > 0$. Then $$n^2 + x = 25 + x.$$';
    expect(valuesNear(documentContext(text, fragmentsOf(text)), text.indexOf('$$'))).toEqual(new Map([['n', 5]]));
    expect(check(text).at(-1)?.status).not.toBe('fails');
  });

  it('re-checks the step when an edit adds the hypothesis after the base case', () => {
    const checker = new Checker();
    const before = 'For $n = 1$: $2^1 = 2$. Then $$2 \\cdot 2^n = 2^n + 2.$$';
    expect(checker.check({ text: before, format: 'markdown' }).computations.at(-1)?.status).toBe('holds');
    const after = before.replace('Then', 'Suppose $2^n \\ge n+1$. Then');
    expect(checker.check({ text: after, format: 'markdown' }).computations.at(-1)?.status).toBe('fails');
  });
});

describe('judging computations', () => {
  it('flags a wrong expansion with a counterexample at the failing pair, not the whole chain', () => {
    const text = '$$(x+1)^2 = x^2 + 2x + 1 = x^2 + 1$$';
    const [first, second] = check(text);
    expect(first.status).toBe('holds');
    expect(second.status).toBe('fails');
    expect(text.slice(second.range.start, second.range.end)).toBe('x^2 + 2x + 1 = x^2 + 1');
    const { assignment, left, right } = second.counterexample!;
    const x = assignment.x;
    expect(left).toBeCloseTo(x * x + 2 * x + 1, 9);
    expect(right).toBeCloseTo(x * x + 1, 9);
  });

  it('stays silent on definitions, equations to solve, hypotheses and inline single relations', () => {
    const silent = [
      '$$S = \\sum_{k=1}^{n} k$$',
      '$$x^2 - 5x + 6 = 0$$',
      'Suppose $$x^2 = x + 1.$$',
      'We know $x^2 = 2x$ here.',
      '$$f(x) = x^2 + 1$$',
      '$$a + c \\le b + c$$',
      '$$1 + 2 + \\cdots + n = 7$$',
      '$$\\arcsin(\\sin x) = x$$',
      '$$f(-x) = -f(x)$$',
    ];
    for (const text of silent) {
      expect(check(text).filter((c) => c.status === 'fails'), text).toEqual([]);
    }
  });

  it('flags plain arithmetic even inline, and respects stated domains for inequalities', () => {
    expect(check('Note $2^{10} = 1000$.').map((c) => c.status)).toEqual(['fails']);
    // x^2 < x is true on (0, 1): silent there, flagged where the text says x > 1.
    expect(check('Let $0 < x < 1$.\n\n$$x^2 < x$$').filter((c) => c.status === 'fails')).toEqual([]);
    expect(check('Let $x > 1$.\n\n$$x^2 < x$$').filter((c) => c.status === 'fails')).toHaveLength(1);
    // Without a stated domain, an inequality that holds at some points is not flagged.
    expect(check('$$x^2 < x$$').filter((c) => c.status === 'fails')).toEqual([]);
  });

  it('tries log bases the parser cannot tell apart before calling \\log wrong', () => {
    expect(check('$$\\log 100 = 2$$').map((c) => c.status)).toEqual(['holds']);
    expect(check('$$\\log 8 = 3$$').map((c) => c.status)).toEqual(['holds']);
    expect(check('$$\\log 100 = 5$$').map((c) => c.status)).toEqual(['fails']);
  });

  it('upgrades to verified with the symbolic simplifier, within its budget', () => {
    expect(check('$$(a+b)^2 = a^2 + 2ab + b^2$$', { symbolic: true }).map((c) => c.status)).toEqual(['verified']);
    expect(check('$$(a+b)^3 = a^3 + 3a^2b + 3ab^2 + b^3$$', { symbolic: true, symbolicAttempts: 0 }).map((c) => c.status)).toEqual(['holds']);
  });
});

describe('annotations and evidence', () => {
  it('turns findings into checker annotations on the right steps', () => {
    const text = 'First step.\n\n$$\\frac{1}{2$$\n\nThen $$2 + 2 = 5$$ and $$3 \\cdot 3 = 9.$$\n';
    const doc = parseProof(text, 'markdown');
    const report = new Checker().check(doc);
    const stepOf = (offset: number) => doc.steps.find((s) => offset >= s.range.start && offset < s.range.end)!.id;
    const lintNote = report.annotations.find((a) => a.id.startsWith('check:lint:'))!;
    expect(lintNote).toMatchObject({ severity: 'minor', mappedBy: 'checker', provenance: { source: 'checker', verdict: 'unchecked' }, quote: '{' });
    expect(lintNote.stepId).toBe(stepOf(text.indexOf('\\frac')));
    const wrong = report.annotations.find((a) => a.severity === 'critical')!;
    expect(wrong.quote).toBe('2 + 2 = 5');
    expect(wrong.stepId).toBe(stepOf(text.indexOf('2 + 2')));
    expect(wrong.message).toContain('left side = 4, right side = 5');
    expect(report.annotations.find((a) => a.quote === '3 \\cdot 3 = 9')?.severity).toBe('ok');
  });

  it('formats verified and failed computations as prompt evidence, leaving unchecked ones out', () => {
    const findings = check('$$2 + 2 = 5$$ and $$(x+1)^2 = x^2 + 2x + 1$$ and $$f(x) = 3$$');
    const evidence = formatEvidence(findings);
    expect(evidence.split('\n')).toEqual([
      'Computations checked by a computer-algebra checker (not by a model):',
      '- FAILS: $2 + 2 = 5$ (left side = 4, right side = 5)',
      expect.stringMatching(/^- holds numerically at \d+ points: \$\(x\+1\)\^2 = x\^2 \+ 2x \+ 1\$$/),
    ]);
    expect(formatEvidence(findings.filter((f) => f.status === 'unchecked'))).toBe('');
  });
});

describe('the shipped sample proofs', () => {
  const samples = new URL('../../resources/samples/', import.meta.url);
  const load = async (name: string) => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL(name, samples), 'utf8');
    return { text, doc: parseProof(text, name.endsWith('.tex') ? 'tex' : 'markdown') };
  };

  it('flags exactly the planted arithmetic error of sum-of-cubes.md, on its align row', async () => {
    const { text, doc } = await load('sum-of-cubes.md');
    const failing = new Checker().check(doc).computations.filter((c) => c.status === 'fails');
    expect(failing.map((c) => text.slice(c.range.start, c.range.end))).toEqual([
      '\\frac{(n+1)^2\\left(n^2 + 4(n+1)\\right)}{4} \\\\\n&= \\frac{(n+1)^2\\left(n^2 + 4n + 2\\right)}{4}',
    ]);
  });

  it('flags nothing, and claims nothing about functions or named quantities, in the correct samples', async () => {
    for (const name of ['primes-4k-plus-3.md', 'divisibility-pigeonhole.tex', 'cauchy-equation.md']) {
      const { text, doc } = await load(name);
      const report = new Checker().check(doc);
      expect(report.computations.filter((c) => c.status === 'fails'), name).toEqual([]);
      expect(report.lint.filter((l) => l.level === 'error'), name).toEqual([]);
      // `f(-x) = -f(x)` is about an unknown function, `1 \le a_i` and `e \ge 0` are constraints.
      const claimed = report.computations.filter((c) => c.status === 'holds').map((c) => text.slice(c.range.start, c.range.end));
      for (const quote of claimed) expect(quote, name).not.toMatch(/f\(|^1 \\le|^e \\ge/);
    }
  });
});

describe('independence of checks', () => {
  it('reads u(x+1) the same whether or not an earlier u(t) = … was checked symbolically', () => {
    const alone = '$$\nu(x+1) - u(x) = 2x + 1\n$$\n';
    const before = check(alone, { symbolic: true });
    const checker = new Checker({ symbolic: true });
    checker.check({ text: 'We set $$u(t) = t^2 + 1, \\quad u(t) - 1 = t^2 .$$', format: 'markdown' });
    const after = check(`Then\n\n${alone}`, { symbolic: true });
    expect(before.map((c) => [c.status, c.reason])).toEqual([['unchecked', 'u(…) reads as a function application']]);
    expect(after.map((c) => [c.status, c.reason])).toEqual(before.map((c) => [c.status, c.reason]));
  });

  it('substitutes a definition and says so; a case assumption supports holds but never a failure', () => {
    const sub = check('Let $m = \\frac{a+b}{2}$. Then\n$$(a-m)(b-m) = ab - m^2 + 1$$').at(-1)!;
    expect(sub.status).toBe('fails');
    expect(sub.hypotheses).toEqual(['m = \\frac{a+b}{2}']);
    expect(Object.keys(sub.counterexample!.assignment).sort()).toEqual(['a', 'b', 'm']);
    const ok = check('Let $m = \\frac{a+b}{2}$. Then\n$$(a-m)(b-m) = ab - m^2$$').at(-1)!;
    expect(ok.message).toMatch(/^Holds under \$m = \\frac\{a\+b\}\{2\}\$/);
    const assumed = check('Assume that $u = 3v$. Then\n$$u + v = 5v$$').at(-1)!;
    expect(assumed.status).toBe('unchecked');
    expect(assumed.reason).toMatch(/assumption u = 3v/);
  });
});

describe('notation read as written', () => {
  it('does not make a relation out of prose inside a term, but keeps connectives as separators', () => {
    expect(pairs('20\\% \\text{ of } 50 = 10')).toEqual([]);
    expect(pairs('a = b \\quad\\text{and}\\quad c = d').map((p) => p.split(' @ ')[0])).toEqual(['a | = | b', 'c | = | d']);
  });

  it('leaves bold symbols, segment names and iterates unchecked, and reads 0{,}5 and 2e+1', () => {
    const status = (tex: string) => check(`$$\n${tex}\n$$`).map((c) => c.status);
    expect(status('|\\mathbf{u}|^2 = \\mathbf{u}\\cdot\\mathbf{u}')).toEqual(['unchecked']);
    expect(status('AB^2 + BC^2 = AC^2 + 1')).toEqual(['unchecked']);
    expect(status('\\sigma^{2}(t) = t + 1')).toEqual(['unchecked']);
    expect(status('0{,}5 + 0{,}25 = 0{,}75')).toEqual(['holds']);
    expect(status('(e + 1)^2 = e^2 + 2e+1')).toEqual(['holds']);
    expect(status('(x+3)^2 = x^2 + 6x + 6')).toEqual(['fails']);
  });
});

describe('equations of the proof constrain later relations', () => {
  it('does not fail a relation derived from a displayed system of equations', () => {
    const last = check('We have the system $$a + b = 5, \\quad 2a - b = 4 .$$ Adding, $$3a + 3b = a + 2b + 9 .$$').at(-1)!;
    expect(last.status).toBe('unchecked');
    expect(last.reason).toMatch(/constrains it: a \+ b = 5/);
  });
});

describe('facts read once per fragment and sentence', () => {
  /** Every `$…$` of `text` as a fact source. */
  const sources = (text: string): FactSource[] =>
    [...text.matchAll(/\$([^$]+)\$/g)].map((m) => ({ tex: m[1], start: m.index + 1, end: m.index + 1 + m[1].length, display: false }));

  it('places the same statement made twice at each place, each with its own scope', () => {
    const text = 'For $n = 1$ both sides agree.\n\nMore text here.\n\nFor $n = 1$ both sides agree.\n\nThe end.\n';
    const facts = collectFacts(text, sources(text), () => false);
    expect(facts.map((f) => [f.at, f.until])).toEqual([
      [text.indexOf('n = 1'), text.indexOf('\n\n')],
      [text.lastIndexOf('n = 1'), text.lastIndexOf('\n\n')],
    ]);
    expect(facts[0].key).toBe(facts[1].key);
  });

  it('reads a fragment again when its sentence changes (an assumption lasts beyond its paragraph)', () => {
    const passing = 'So $u = 3v$ here.\n\nThen more.\n';
    const assumed = 'Assume $u = 3v$ here.\n\nThen more.\n';
    expect(collectFacts(passing, sources(passing), () => false).map((f) => f.until)).toEqual([passing.indexOf('\n\n')]);
    expect(collectFacts(assumed, sources(assumed), () => false).map((f) => f.until)).toEqual([Infinity]);
  });
});


describe('notation of the held-out case kinds (corpus/heldout)', () => {
  it('reads Unicode relations, a row ending in an operator, \\phantom rows and bracketed commas', () => {
    expect(relationPairs('x − y ≥ 1', 0).map((p) => [p.left.tex, p.op, p.right.tex])).toEqual([['x − y', '\\ge', '1']]);
    expect(relationPairs('S &= 1 + 4 + \\\\ &\\qquad 9 = 14', 0).map((p) => p.right.tex)).toEqual(['1 + 4 + 9', '14']);
    expect(relationPairs('T &= a^2 \\\\ &\\phantom{=}\\; + b^2', 0).map((p) => p.right.tex)).toEqual(['a^2 \\; + b^2']);
    expect(relationPairs('\\langle u, v\\rangle \\le \\max\\{a, b\\}', 0).map((p) => [p.left.tex, p.right.tex])).toEqual([['\\langle u, v\\rangle', '\\max\\{a, b\\}']]);
  });

  it('reads a comma between digits as one number, and never fails because of it', () => {
    expect(relationPairs('0,5 \\cdot 0,5 = 0,25', 0).map((p) => [p.left.tex, p.right.tex])).toEqual([['0,5 \\cdot 0,5', '0,25']]);
    // `1^2=1,2^2=4` is a list of two equations.
    expect(relationPairs('1^2=1,2^2=4', 0)).toHaveLength(2);
    const statuses = (text: string) => check(text).map((c) => c.status);
    // True under the decimal reading (and `1,500` under both): verified or holds, never fails.
    expect(statuses('$$0,5 + 0,25 = 0,75$$')).toEqual([expect.stringMatching(/^(verified|holds)$/)]);
    expect(statuses('$$1,500 \\cdot 2 = 3,000$$')).toEqual([expect.stringMatching(/^(verified|holds)$/)]);
    expect(statuses('$$0,5 + 0,25 = 0,8$$')).toEqual(['unchecked']);
    expect(statuses('$$2 \\cdot 2 = 4,3 \\cdot 3 = 9$$')).toEqual(['unchecked', 'unchecked']);
  });

  it('samples a variable said only to be real with both signs', () => {
    const [c] = check('For every real $a$,\n\\[\n\\sqrt{a^2} = a .\n\\]\n');
    expect(c.status).not.toBe('holds');
    expect(c.status).not.toBe('verified');
  });

  it('reads a ring of residues and (\\mathrm{mod}\\ m) as a congruence', () => {
    expect(check('We get $11 = 2$ in $\\mathbb{Z}/9\\mathbb{Z}$.').at(-1)!.status).not.toBe('fails');
    expect(check('$$100 = 2 \\quad (\\mathrm{mod}\\ 7)$$')[0].reason).toBe('modulo 7');
    expect(check('$$100 = 3 \\quad (\\mathrm{mod}\\ 7)$$')[0].status).toBe('fails');
  });

  it('says "modulo m" in words and gives a failing congruence\'s residues', () => {
    const [holds, fails] = check('Working modulo $7$:\n$$5^2 = 4 \\pmod 7, \\qquad 6 \\cdot 6 = 2 \\pmod{7}.$$\n');
    expect(holds.message).toBe('Holds under modulo 7 (checked at 1 sample value): $5^2 = 4$');
    expect(fails.status).toBe('fails');
    expect(fails.message).toBe('Computation fails: $6 \\cdot 6 = 2$ — left side = 36 ≡ 1, right side = 2 ≡ 2 (mod 7)');
  });
});
