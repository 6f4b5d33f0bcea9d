import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProof } from '../proof';
import { parseGeneration, parseMetaVerification, parseVerification } from './parse';
import { listSamples, loadSample, readProblemFor, SAMPLES_DIR } from './samples';
import type { PromptProfile } from './types';

describe('resources/samples', () => {
  it('lists every sample proof with its problem', async () => {
    expect(await listSamples()).toEqual(['cauchy-equation', 'divisibility-pigeonhole', 'primes-4k-plus-3', 'sum-of-cubes']);
  });

  it.each(['cauchy-equation', 'divisibility-pigeonhole', 'primes-4k-plus-3', 'sum-of-cubes'])('%s has a problem and 6–15 steps', async (name) => {
    const s = await loadSample(name);
    expect(s.problem.length).toBeGreaterThan(20);
    const doc = parseProof(s.proof, s.proofPath.endsWith('.tex') ? 'tex' : 'markdown');
    const reasoning = doc.steps.filter((st) => st.kind !== 'heading');
    expect(reasoning.length).toBeGreaterThanOrEqual(6);
    expect(reasoning.length).toBeLessThanOrEqual(15);
  });

  it('reads the problem next to a proof path, and says where it looked when it is missing', async () => {
    expect(await readProblemFor(join(SAMPLES_DIR, 'sum-of-cubes.md'))).toMatch(/^Prove that for every positive integer \$n\$/);
    await expect(readProblemFor('/nonexistent/dir/thing.tex')).rejects.toThrow('expected it in /nonexistent/dir/thing.problem.md');
    await expect(loadSample('no-such-sample')).rejects.toThrow(/No sample named "no-such-sample".*samples: cauchy-equation/);
  });

  it('the gap outputs quote the gap step of cauchy-equation exactly, under the label they cite', async () => {
    const s = await loadSample('cauchy-equation');
    const doc = parseProof(s.proof, 'markdown');
    const quote = 'Clearly, since the identity $f(q) = cq$ holds for every rational number $q$';
    const labelled = await readFile(join(SAMPLES_DIR, 'outputs', 'cauchy-equation.labelled.verify.txt'), 'utf8');
    expect(labelled).toContain(`[S8] Justification Gap:`);
    expect(doc.steps.find((st) => st.label === 'S8')!.text).toContain(quote);
  });

  it('the arithmetic sample has its slip inside an align* row', async () => {
    const s = await loadSample('sum-of-cubes');
    const align = /\\begin\{align\*\}([\s\S]*?)\\end\{align\*\}/.exec(s.proof)![1];
    expect(align).toContain('n^2 + 4n + 2');
  });
});

describe('resources/samples/outputs', () => {
  const expected: Record<string, number> = {
    'cauchy-equation.deepseek.verify': 0.5,
    'cauchy-equation.deepseek.verify-think': 0.5,
    'cauchy-equation.deepseek.meta-verify': 1,
    'cauchy-equation.deepseek.generate': 1,
    'cauchy-equation.deepseek.refine': 1,
    'cauchy-equation.deepseek.refine-steps': 1,
    'cauchy-equation.deepseek.verify-repaired': 1,
    'cauchy-equation.deepseek.meta-verify-repaired': 1,
    'cauchy-equation.huang-yang.verify': 0.5,
    'cauchy-equation.labelled.verify': 0.5,
    'cauchy-equation.labelled.meta-verify': 1,
    'cauchy-equation.labelled.generate': 1,
    'cauchy-equation.labelled.refine': 1,
    'cauchy-equation.labelled.verify-pass': 1,
    'sum-of-cubes.deepseek.verify': 0.5,
    'sum-of-cubes.deepseek.meta-verify': 1,
    'sum-of-cubes.deepseek.generate': 1,
    'sum-of-cubes.deepseek.verify-repaired': 1,
    'primes-4k-plus-3.deepseek.generate': 1,
    'divisibility-pigeonhole.deepseek.verify': 1,
    'divisibility-pigeonhole.deepseek.generate': 1,
    'primes-4k-plus-3.deepseek.verify': 1,
    'primes-4k-plus-3.labelled.verify': 1,
  };

  it('has exactly the documented files', async () => {
    const files = (await readdir(join(SAMPLES_DIR, 'outputs'))).map((f) => f.replace(/\.txt$/, '')).sort();
    expect(files).toEqual(Object.keys(expected).sort());
    const readme = await readFile(join(SAMPLES_DIR, 'README.md'), 'utf8');
    for (const f of files) expect(readme).toContain(`outputs/${f}.txt`);
  });

  it.each(Object.entries(expected))('%s parses to score %s, and its quotes are in the sample proof', async (name, score) => {
    const [sample, profileKey, role] = name.split('.');
    const profile: PromptProfile = profileKey === 'labelled' ? 'labelled' : 'deepseek-math-v2';
    const text = await readFile(join(SAMPLES_DIR, 'outputs', `${name}.txt`), 'utf8');
    const proof = (await loadSample(sample)).proof;
    if (role.startsWith('verify')) {
      const v = parseVerification(text, 'stop', profile);
      expect(v).toMatchObject({ status: 'parsed', score });
      expect(v.findings.length > 0).toBe(score < 1);
      for (const f of v.findings) expect(proof).toContain(f.quote);
    } else if (role.startsWith('meta-verify')) {
      expect(parseMetaVerification(text, 'stop')).toMatchObject({ status: 'parsed', score });
    } else {
      const g = parseGeneration(text, 'stop', profile);
      expect(g).toMatchObject({ status: 'parsed', selfScore: score });
      if (role === 'refine' && profile === 'labelled') {
        // The search script's refinement: the generated proof with the density of Q said outright.
        expect(g.solution).toMatch(/^Let \$c = f\(1\)\$\./);
        expect(g.solution).toContain('dense in');
      } else if (role === 'refine') {
        // The sample with its gap repaired: the same heading and opening, continuity used at the end.
        expect(g.solution).toMatch(/^# Continuous additive functions are linear\n\nLet \$c = f\(1\)\$\./);
        expect(g.solution).not.toContain('it holds for every real number as well');
        expect(g.solution).toContain('continuous at $x$');
      } else if (role === 'refine-steps') {
        // The review's four-change refinement (e2e/review-changes): the sample's heading kept, its gap repaired.
        expect(g.solution).toMatch(/^# Continuous additive functions are linear\n/);
        expect(g.solution).not.toContain('it holds for every real number as well');
      } else if (sample === 'cauchy-equation') expect(g.solution).toMatch(/^Let \$c = f\(1\)\$\./);
      // The other samples' generations prove their own problem (the demo script answers each with its own).
      else expect(g.solution).not.toContain('f(x) = cx');
    }
  });
});
