// `proofwright prompts import` on synthetic files shaped like the released DeepSeekMath-V2
// `inference/math_templates.py` (a `math_templates` dict of str.format templates). The wording below
// is made up for the test; only the shape (keys, placeholders, Python string syntax) follows theirs.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMetaVerifyPrompt, buildRefinePrompt, buildVerifyPrompt, loadTemplates } from '../prompts';
import { captureIO } from './testing/capture-io';
import { main } from './main';

// Module-level names, a dict that uses them and literals; raw and escaped strings; doubled braces.
const SYNTHETIC = String.raw`# synthetic templates, same shape as the released file
GEN = """Solve this problem and grade yourself.

{question}

End your self evaluation with \\boxed{{score}}."""

math_templates = {
    "proof_generation": GEN,
    "proof_verification": """Problem:
{statement}

Solution:
{proof}

Grade it; finish with \\boxed{{0, 0.5 or 1}}.""",
    'meta_verification': (
        "Problem: {statement}\n"
        "Solution: {proof}\n"
        r"Evaluation: {rating} \boxed{{1}}"
    ),
    "proof_refinement": """{instruction}

Earlier attempts and their gradings:

{proofs_to_refine}

Write a better one.""".strip(),
}
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-prompts-import-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function importFile(text: string, extra: string[] = []) {
  await writeFile(join(dir, 'math_templates.py'), text);
  const io = captureIO(dir);
  const code = await main(['prompts', 'import', 'math_templates.py', '--out', 'released', ...extra], io);
  return { code, io };
}

describe('proofwright prompts import', () => {
  it('writes the four released templates as deepseek-math-v2 overrides whose prompts equal str.format of the originals', async () => {
    const { code, io } = await importFile(SYNTHETIC);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(io.out).toContain('proof_verification → released/deepseek-math-v2/verify.md');
    expect(io.out).toContain('Use them with --templates released');
    expect((await readdir(join(dir, 'released/deepseek-math-v2'))).sort()).toEqual(['generate.md', 'meta-verify.md', 'refine.md', 'verify.md']);

    const t = await loadTemplates({ overrideDir: join(dir, 'released') });
    expect(t.get('deepseek-math-v2', 'verify').overridden).toBe(true);
    const verify = buildVerifyPrompt(t, 'deepseek-math-v2', { problem: 'Show P.', proof: 'P holds.' });
    // What Python's str.format gives: braces undoubled, `\\boxed` an escaped backslash.
    expect(verify.messages).toEqual([{ role: 'user', content: 'Problem:\nShow P.\n\nSolution:\nP holds.\n\nGrade it; finish with \\boxed{0, 0.5 or 1}.' }]);
    const meta = buildMetaVerifyPrompt(t, 'deepseek-math-v2', { problem: 'Show P.', proof: 'P holds.', analysis: 'Fine. \\boxed{1}' });
    expect(meta.messages[0].content).toBe('Problem: Show P.\nSolution: P holds.\nEvaluation: Fine. \\boxed{1} \\boxed{1}');
    const refine = buildRefinePrompt(t, 'deepseek-math-v2', { problem: 'Show P.', candidates: [{ proof: 'P.', analyses: ['Gap.'] }] });
    // {instruction} is the formatted generation prompt, placed where the released template puts it.
    expect(refine.messages[0].content).toMatch(/^Solve this problem and grade yourself\.\n\nShow P\.\n\nEnd your self evaluation with \\boxed\{score\}\.\n\nEarlier attempts and their gradings:\n\n[\s\S]*Gap\.\n\nWrite a better one\.$/);
  });

  it('refuses a file without the expected templates, naming what is missing, and writes nothing', async () => {
    const cases: [string, RegExp][] = [
      ['templates = {"proof_generation": "{question}"}\n', /no "math_templates = \{…\}" dict found/],
      [SYNTHETIC.replace(/"proof_verification"/, '"proof_checking"'), /the math_templates dict has no "proof_verification" template/],
      [SYNTHETIC.replace('{rating}', '{grading}'), /"meta_verification" has the placeholder \{grading\}; expected only \{statement\}, \{proof\}, \{rating\}/],
      [SYNTHETIC.replace('{proofs_to_refine}', 'the attempts'), /"proof_refinement" does not use \{proofs_to_refine\}/],
      [SYNTHETIC.replace('"proof_generation": GEN', '"proof_generation": UNDEFINED_NAME'), /math_templates\["proof_generation"\] is not a string/],
      [SYNTHETIC.replace('Write a better one."""', 'Write a better one.'), /unterminated string/],
    ];
    for (const [text, message] of cases) {
      const { code, io } = await importFile(text);
      expect({ code, err: io.err }).toEqual({ code: 1, err: expect.stringMatching(message) });
      expect(io.err).toMatch(/^proofwright: error: math_templates\.py/);
    }
    expect(await readdir(dir)).toEqual(['math_templates.py']);
  });

  it('keeps templates already in the folder unless --force', async () => {
    expect((await importFile(SYNTHETIC)).code).toBe(0);
    await writeFile(join(dir, 'released/deepseek-math-v2/verify.md'), 'my own {{problem}} {{proof}}');
    const again = await importFile(SYNTHETIC);
    expect(again.code).toBe(1);
    expect(again.io.err).toMatch(/already has generate\.md, verify\.md, meta-verify\.md, refine\.md: pass --force/);
    expect(await readFile(join(dir, 'released/deepseek-math-v2/verify.md'), 'utf8')).toBe('my own {{problem}} {{proof}}');
    expect((await importFile(SYNTHETIC, ['--force'])).code).toBe(0);
    expect(await readFile(join(dir, 'released/deepseek-math-v2/verify.md'), 'utf8')).toMatch(/^Problem:\n\{\{problem\}\}/);
  });
});
