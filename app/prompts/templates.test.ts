import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from './render';
import { loadTemplates, TemplateError } from './templates';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-prompts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function override(profile: string, name: string, text: string): Promise<string> {
  await mkdir(join(dir, profile), { recursive: true });
  const file = join(dir, profile, name);
  await writeFile(file, text);
  return file;
}

describe('loadTemplates (defaults)', () => {
  it('loads every role of both profiles from resources/prompts', async () => {
    const t = await loadTemplates();
    expect(t.list().map((x) => x.id).sort()).toEqual([
      'deepseek-math-v2/generate',
      'deepseek-math-v2/grade',
      'deepseek-math-v2/meta-verify',
      'deepseek-math-v2/refine',
      'deepseek-math-v2/verify',
      'labelled/extract',
      'labelled/generate',
      'labelled/grade',
      'labelled/meta-verify',
      'labelled/refine',
      'labelled/verify',
    ]);
    for (const x of t.list()) {
      expect(x.hash).toBe(sha256(`${x.system ?? ''}\0${x.body}`));
      expect(x.overridden).toBe(false);
    }
    expect(() => t.get('deepseek-math-v2', 'extract')).toThrow(/No prompt template deepseek-math-v2\/extract/);
  });

  it('asks the deepseek profile for exactly the released model’s output shapes', async () => {
    const t = await loadTemplates();
    for (const role of ['verify', 'generate'] as const) {
      const body = t.get('deepseek-math-v2', role).body;
      expect(body).toContain('\nHere is my evaluation of the solution:\n');
      expect(body).toContain('\nBased on my evaluation, the final overal score should be:\n\\boxed{');
    }
    expect(t.get('deepseek-math-v2', 'generate').body).toMatch(/## Solution[\s\S]*## Self Evaluation/);
    expect(t.get('deepseek-math-v2', 'verify').system).toBeUndefined();
    expect(t.get('labelled', 'verify').body).toContain('[S<number>] <kind>: <what is wrong> | quote: "');
    expect(t.get('labelled', 'verify').system).toMatch(/grader/);
  });
});

describe('loadTemplates (overrides)', () => {
  it('overlays a user template and system message, leaving the others alone', async () => {
    const defaults = await loadTemplates();
    const file = await override('deepseek-math-v2', 'verify.md', 'Grade this.\r\n{{problem}}\r\n---\r\n{{proof}}\r\n');
    const sys = await override('deepseek-math-v2', 'verify.system.md', 'Be strict.');
    const t = await loadTemplates({ overrideDir: dir });
    const v = t.get('deepseek-math-v2', 'verify');
    expect(v).toMatchObject({ body: 'Grade this.\n{{problem}}\n---\n{{proof}}\n', system: 'Be strict.', source: file, systemSource: sys, overridden: true });
    expect(v.hash).not.toBe(defaults.get('deepseek-math-v2', 'verify').hash);
    expect(t.get('labelled', 'verify')).toEqual(defaults.get('labelled', 'verify'));
  });

  it('names the file and the missing placeholder of a broken override', async () => {
    const file = await override('labelled', 'meta-verify.md', 'Problem: {{problem}}\nProof: {{proof}}\nJudge the evaluation.');
    const err = await loadTemplates({ overrideDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain('missing required placeholder {{analysis}}');
  });

  it('rejects unknown placeholders, unknown file names and a missing folder', async () => {
    await override('deepseek-math-v2', 'generate.md', 'Solve {{problem}} using {{hint}}.');
    await expect(loadTemplates({ overrideDir: dir })).rejects.toThrow(/generate\.md: unknown placeholder \{\{hint\}\}/);
    await rm(join(dir, 'deepseek-math-v2'), { recursive: true });
    await override('deepseek-math-v2', 'verfy.md', '{{problem}} {{proof}}');
    await expect(loadTemplates({ overrideDir: dir })).rejects.toThrow(/unknown template "verfy\.md"; expected one of verify\.md/);
    await expect(loadTemplates({ overrideDir: join(dir, 'nope') })).rejects.toThrow(/Prompt override folder not found/);
    await rm(join(dir, 'deepseek-math-v2'), { recursive: true });
    await override('deepseek', 'verify.md', '{{problem}} {{proof}}');
    await expect(loadTemplates({ overrideDir: dir })).rejects.toThrow(/deepseek: unknown prompt profile folder; expected deepseek-math-v2 or labelled/);
  });

  it('rejects an empty template', async () => {
    await override('labelled', 'generate.md', '  \n');
    await expect(loadTemplates({ overrideDir: dir })).rejects.toThrow(/generate\.md: the template is empty/);
  });
});
