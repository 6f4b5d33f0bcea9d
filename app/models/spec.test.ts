import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, parseBackendSpec } from './spec';

describe('parseBackendSpec', () => {
  it('parses the three schemes', () => {
    expect(parseBackendSpec('scripted:a/b.json')).toEqual({ scheme: 'scripted', path: 'a/b.json' });
    expect(parseBackendSpec('local:/m/q.gguf')).toEqual({ scheme: 'local', path: '/m/q.gguf' });
    expect(parseBackendSpec('openai:http://127.0.0.1:8080/v1#deepseek-math-v2')).toEqual({
      scheme: 'openai',
      url: 'http://127.0.0.1:8080/v1',
      model: 'deepseek-math-v2',
    });
  });

  it('names the schemes for unknown or malformed specs', () => {
    expect(() => parseBackendSpec('ollama:x')).toThrow(/unknown backend "ollama:x": expected one of scripted:PATH\.json, local:PATH\.gguf, local:NAME, openai:URL#MODEL/);
    expect(() => parseBackendSpec('model.gguf')).toThrow(/unknown backend/);
    expect(() => parseBackendSpec('scripted:')).toThrow(/nothing after/);
    expect(() => parseBackendSpec('local:models/model.bin')).toThrow(/GGUF files \(local:PATH\.gguf\) or library names \(local:NAME\)/);
    expect(() => parseBackendSpec('openai:http://h/v1')).toThrow(/model name is missing/);
    expect(() => parseBackendSpec('openai:h#m')).toThrow(/http/);
  });
});

describe('local:NAME, a model of the library', () => {
  it('is a library name when it has no folder and no .gguf (names may hold dots)', () => {
    expect(parseBackendSpec('local:qwen2.5-math-7b-Q4_K_M')).toEqual({ scheme: 'local', path: 'qwen2.5-math-7b-Q4_K_M', library: true });
    expect(parseBackendSpec('local:tiny.gguf')).toEqual({ scheme: 'local', path: 'tiny.gguf' });
    expect(() => parseBackendSpec('local:dir/tiny')).toThrow(/GGUF files/);
  });

  it('is looked up in the library when the backend is built, with a clear error when there is no such model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-spec-lib-'));
    try {
      await expect(createBackend('local:absent', { env: { PROOFWRIGHT_MODELS_DIR: dir } })).rejects.toThrow(
        new RegExp(`no model named "absent" in the library \\(${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\); see \`proofwright models list\``),
      );
      const asked: string[] = [];
      const refused = createBackend('local:mine', { resolveLibraryName: async (name) => { asked.push(name); throw new Error(`no model named "${name}"`); } });
      await expect(refused).rejects.toThrow(/no model named "mine"/);
      expect(asked).toEqual(['mine']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('createBackend', () => {
  it('builds a scripted backend from a path relative to cwd', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-spec-'));
    try {
      await writeFile(join(dir, 's.json'), JSON.stringify({ model: 'm', rules: [{ responses: ['hi'] }] }));
      const backend = await createBackend('scripted:s.json', { cwd: dir });
      expect(backend.info()).toMatchObject({ spec: 'scripted:s.json', kind: 'scripted', model: 'm' });
      await expect(createBackend('scripted:none.json', { cwd: dir })).rejects.toThrow(/cannot read script/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
