// A model split in several GGUF files (llama.cpp's gguf-split naming, app/models/library/splitGguf.ts)
// loads from its first part on every runtime and answers exactly as the same model in one file: the
// tiny random-weight model written whole and in 3 parts (same weights), greedy decoding, 12 tokens.
// A part missing is a model-load error naming it, before llama.cpp sees the files.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTinyGguf, writeTinyGgufSplit } from '../../../scripts/make-tiny-gguf';
import { BackendError, type GenerateRequest } from '../backend';
import { createLocalBackend, findLlamaRuntimeBinary, findLlamaServerBinary } from './index';

const dir = mkdtempSync(join(os.tmpdir(), 'pw-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const whole = join(dir, 'tiny.gguf');
writeTinyGguf(whole, { size: 'test', seed: 3 });
const { paths: parts } = writeTinyGgufSplit(join(dir, 'tiny-split'), { size: 'test', seed: 3 }, 3);

const request: GenerateRequest = {
  messages: [{ role: 'user', content: 'Prove that the square of an odd integer is odd.' }],
  role: 'verify', maxTokens: 12, temperature: 0, topP: 1,
};

const available = { native: !!findLlamaRuntimeBinary(), server: !!findLlamaServerBinary(), 'in-process': true } as const;
for (const runtime of ['native', 'server', 'in-process'] as const) {
  describe.skipIf(!available[runtime])(`a split model on the ${runtime} runtime`, () => {
    const answer = async (path: string) => {
      const backend = await createLocalBackend(path, { runtime, threads: 1, parallel: 1, contextSize: 256 });
      try {
        return { text: (await backend.generate(request)).text, model: backend.info().model };
      } finally {
        await backend.dispose();
      }
    };

    it('answers from its first part exactly as the same model in one file', async () => {
      const one = await answer(whole);
      const split = await answer(parts[0]);
      expect(one.text.length).toBeGreaterThan(0);
      expect(split.text).toBe(one.text);
    });

    it('loads the model when given a later part', async () => {
      const fromLater = await answer(parts[2]);
      expect(fromLater.model).toBe('tiny-split-00001-of-00003.gguf');
      expect(fromLater.text).toBe((await answer(whole)).text);
    });
  });
}

describe('a split model with a part missing', () => {
  it('is refused before loading, naming the part', async () => {
    const lonely = mkdtempSync(join(dir, 'lonely-'));
    const { paths } = writeTinyGgufSplit(join(lonely, 'm'), { size: 'test', seed: 3 }, 3);
    rmSync(paths[1]);
    const error = await createLocalBackend(paths[0], { runtime: 'in-process', threads: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('model-load');
    expect((error as Error).message).toContain('part 2 (m-00002-of-00003.gguf) is not beside it');
  });
});
