// The local backend on a real (tiny, random-weight) GGUF model written by scripts/make-tiny-gguf.ts,
// over every runtime: our proofwright-runtime and llama.cpp's llama-server out of process (each skipped,
// saying so, when its binary is missing: `npx tsx scripts/build-llama-runtime.ts`,
// `npx tsx scripts/build-llama-server.ts`) and node-llama-cpp in process.
// One thread: the tiny model gains nothing from more, and spin-waiting threads on a busy 2-core
// machine make every decode call slow.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, join } from 'node:path';
import { QwenChatWrapper } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../../../scripts/make-tiny-gguf';
import { BackendError, type ChatMessage, type GenerateRequest } from '../backend';
import { createLocalBackend, findLlamaRuntimeBinary, findLlamaServerBinary, type LocalBackendOptions, type LocalModelBackend } from './index';

const modelPath = ensureTinyModel({ size: 'test', seed: 1 });

function messages(problem: string): ChatMessage[] {
  return [
    { role: 'system', content: 'You are a careful grader of mathematical proofs.' },
    { role: 'user', content: `Problem: ${problem}\nProof: Let n = 2k. Then n + n = 4k, which is even.` },
  ];
}

function request(problem: string, extra: Partial<GenerateRequest> = {}): GenerateRequest {
  return { messages: messages(problem), role: 'verify', maxTokens: 16, temperature: 0, topP: 1, ...extra };
}

const serverBinary = findLlamaServerBinary();
const runtimeBinary = findLlamaRuntimeBinary();
const RUNTIMES = ['native', 'server', 'in-process'] as const;
if (!serverBinary) console.warn('[local backend] SKIPPED the llama-server runtime: no binary (npx tsx scripts/build-llama-server.ts builds one)');
if (!runtimeBinary) console.warn('[local backend] SKIPPED the native runtime: no proofwright-runtime (npx tsx scripts/build-llama-runtime.ts builds one)');
const RUNTIME_NAMES = { native: 'proofwright-runtime', server: 'llama-server', 'in-process': 'node-llama-cpp' } as const;

const problems = ['Show 2 + 2 = 4.', 'Prove that every even number squared is even.', 'Let x be odd; prove x^2 is odd.', 'Show the sum of two primes can be even.'];

for (const runtime of RUNTIMES) {
  const load = (path: string, options: LocalBackendOptions = {}) => createLocalBackend(path, { ...options, runtime });
  describe.skipIf((runtime === 'server' && !serverBinary) || (runtime === 'native' && !runtimeBinary))(`${runtime} runtime`, () => {
  describe('local backend (tiny GGUF)', () => {
    let backend: LocalModelBackend;

    beforeAll(async () => {
      backend = await load(modelPath, { parallel: 4, threads: 1, contextSize: 512 });
    });
    afterAll(async () => {
      await backend?.dispose();
    });

    it('loads the model and reports what it runs', async () => {
      const info = backend.info();
      expect(info).toMatchObject({ kind: 'local', model: basename(modelPath), contextSize: 512, parallel: 4 });
      expect(info.spec).toBe(`local:${modelPath}`);
      expect(info.runtime?.name).toBe(RUNTIME_NAMES[runtime]);
      const short = await backend.countTokens(messages('a'));
      const long = await backend.countTokens(messages('a much longer problem statement with many more words in it'));
      expect(short).toBeGreaterThan(10);
      expect(long).toBeGreaterThan(short);
    });

    it('streams the tokens that make up the text', async () => {
      const chunks: string[] = [];
      const result = await backend.generate(request(problems[0], { onToken: (chunk) => chunks.push(chunk.text) }));
      expect(result.finishReason).toBe('length');
      expect(result.completionTokens).toBe(16);
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.join('')).toBe(result.text);
      expect(result.text.length).toBeGreaterThan(0);
      expect(result.promptTokens).toBe(await backend.countTokens(messages(problems[0])));
      expect(result.timings.firstTokenMs).toBeGreaterThan(0);
      expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.firstTokenMs!);
    });

    it('stops on abort well before the token budget and keeps the partial text', async () => {
      const controller = new AbortController();
      let streamed = '';
      let count = 0;
      const result = await backend.generate(
        request(problems[1], {
          maxTokens: 400,
          signal: controller.signal,
          onToken: (chunk) => {
            streamed += chunk.text;
            if (++count === 5) controller.abort();
          },
        }),
      );
      expect(result.finishReason).toBe('abort');
      expect(result.completionTokens).toBeLessThan(40);
      expect(result.text.length).toBeGreaterThan(0);
      expect(streamed.startsWith(result.text)).toBe(true);
    });

    it('returns at once for a call aborted while it waits for a sequence', async () => {
      const busy = problems.map((p) => backend.generate(request(p, { maxTokens: 32 })));
      const controller = new AbortController();
      const queued = backend.generate(request('queued', { signal: controller.signal, maxTokens: 32 }));
      controller.abort();
      const result = await queued;
      expect(result).toMatchObject({ finishReason: 'abort', text: '', completionTokens: 0 });
      await Promise.all(busy);
    });

    it('gives the same text for the same seed and a different one for another seed', async () => {
      const sample = (seed: number) => backend.generate(request(problems[2], { temperature: 1, seed, maxTokens: 24 }));
      const a = await sample(42);
      const b = await sample(42);
      const c = await sample(43);
      expect(a.text).toBe(b.text);
      expect(c.text).not.toBe(a.text);
    });

    it('constrains output to a JSON schema', async () => {
      const schema = {
        type: 'object',
        properties: { score: { enum: [0, 0.5, 1] }, sound: { type: 'boolean' } },
        required: ['score', 'sound'],
      };
      const result = await backend.generate(request(problems[3], { jsonSchema: schema, maxTokens: 80 }));
      expect(result.finishReason).toBe('stop');
      const parsed = JSON.parse(result.text) as { score: number; sound: boolean };
      expect([0, 0.5, 1]).toContain(parsed.score);
      expect(typeof parsed.sound).toBe('boolean');
    });

    // retry: batched decoding can rarely flip a near-tie (results depend on the batch shape; NOTES.md).
    it('batches 4 parallel calls to the same greedy results as one at a time', { retry: 2 }, async () => {
      const sequential = [];
      for (const problem of problems) sequential.push((await backend.generate(request(problem, { maxTokens: 24 }))).text);
      const parallel = (await Promise.all(problems.map((p) => backend.generate(request(p, { maxTokens: 24 }))))).map((r) => r.text);
      expect(parallel).toEqual(sequential);
      // Different prompts give different continuations, so the comparison above means something.
      expect(new Set(sequential).size).toBeGreaterThan(1);
    });

    it('refuses a prompt longer than the context with a clear message', async () => {
      const long = 'Suppose the contrary and derive a contradiction. '.repeat(120);
      const tokens = await backend.countTokens(messages(long));
      expect(tokens).toBeGreaterThan(512);
      const error = await backend.generate(request(long)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect((error as BackendError).code).toBe('context-overflow');
      expect((error as BackendError).message).toMatch(new RegExp(`proof too long for this model's context: ${tokens} tokens > 510`));
    });

    it('stops generating at the end of the context instead of shifting the prompt out', async () => {
      // Grow the proof until only a few dozen tokens of context are left for the answer.
      let long = '';
      let tokens = 0;
      while (tokens < 470) {
        long += 'the proof of the theorem is correct. ';
        tokens = await backend.countTokens(messages(long));
      }
      expect(tokens).toBeLessThan(505);
      const result = await backend.generate(request(long, { maxTokens: 200 }));
      expect(result.finishReason).toBe('length');
      expect(result.completionTokens).toBe(512 - tokens - 1);
    });
  });

  // Chat wrappers are node-llama-cpp's: the server applies the GGUF's own template.
  describe.skipIf(runtime !== 'in-process')('reasoning models', () => {
    it('keeps thought segments as reasoning, apart from the answer text', async () => {
      // Qwen 3.5's wrapper opens a <think> segment at the start of the response; the random model
      // never closes it, so everything it writes is reasoning.
      const backend = await load(modelPath, {
        parallel: 1,
        threads: 1,
        contextSize: 512,
        chatWrapper: new QwenChatWrapper({ variation: '3.5', thoughts: 'auto' }),
      });
      try {
        const chunks: { text: string; reasoning: boolean }[] = [];
        const result = await backend.generate(request(problems[0], { maxTokens: 12, onToken: (chunk) => chunks.push(chunk) }));
        expect(result.completionTokens).toBe(12);
        expect(result.reasoning?.length).toBeGreaterThan(0);
        expect(result.text).toBe('');
        expect(chunks.length).toBeGreaterThan(0);
        expect(chunks.every((chunk) => chunk.reasoning)).toBe(true);
        expect(chunks.map((chunk) => chunk.text).join('')).toBe(result.reasoning);
      } finally {
        await backend.dispose();
      }
    });
  });

  describe('shared-prefix reuse', () => {
    // retry: about 1 run in 8 on this overloaded machine (never when run alone, 0 in 40 standalone
    // repetitions) one output differed; the cause is not pinned down (timing-dependent batching or
    // sampling inside node-llama-cpp). A real breakage of state sharing fails all three tries.
    it('gives the same outputs as plain prefill and loads the saved state', { retry: 2 }, async () => {
      const shared = await load(modelPath, { parallel: 4, threads: 1, contextSize: 512 });
      const plain = await load(modelPath, { parallel: 4, threads: 1, contextSize: 512, sharedPrefix: false });
      try {
        const sampling = (i: number): Partial<GenerateRequest> => ({ temperature: 0.8, seed: 100 + i, maxTokens: 20 });
        const withKey = await Promise.all(
          [0, 1, 2, 3].map((i) => shared.generate(request(problems[0], { ...sampling(i), sharedPrefixKey: 'proof-1' }))),
        );
        const without = await Promise.all([0, 1, 2, 3].map((i) => plain.generate(request(problems[0], sampling(i)))));
        expect(withKey.map((r) => r.text), JSON.stringify({ withKey, without })).toEqual(without.map((r) => r.text));
        expect(new Set(withKey.map((r) => r.text)).size).toBeGreaterThan(1);
        // One sequence evaluated the prompt, the other three loaded its state.
        expect(shared.stats()).toMatchObject({ prefixEvaluations: 1, prefixLoads: 3 });
        expect(plain.stats()).toMatchObject({ prefixEvaluations: 4, prefixLoads: 0 });
      } finally {
        await shared.dispose();
        await plain.dispose();
      }
    });
  });

  // State files are the in-process runtime's way to share a prompt (the server copies it in memory).
  describe.skipIf(runtime !== 'in-process')('shared-prefix fallback', () => {
    it('falls back to plain prefill when the state cannot be saved', async () => {
      const base = mkdtempSync(join(os.tmpdir(), 'proofwright-states-'));
      const backend = await load(modelPath, { parallel: 4, threads: 1, contextSize: 512, prefixStateDir: base });
      try {
        rmSync(base, { recursive: true, force: true }); // saving now fails: no folder
        const results = await Promise.all(
          [0, 1, 2, 3].map((i) => backend.generate(request(problems[1], { temperature: 0.8, seed: i, maxTokens: 12, sharedPrefixKey: 'k' }))),
        );
        expect(results.every((r) => r.finishReason === 'length' && r.completionTokens === 12)).toBe(true);
        expect(backend.stats()).toMatchObject({ prefixEvaluations: 4, prefixLoads: 0 });
      } finally {
        await backend.dispose();
      }
    });
  });

  describe('bad model files', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'proofwright-bad-gguf-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    async function loadError(path: string): Promise<BackendError> {
      const error = await load(path, { threads: 1 }).then(
        async (backend) => {
          await backend.dispose();
          return new Error('loaded');
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BackendError);
      expect((error as BackendError).code).toBe('model-load');
      return error as BackendError;
    }

    it('missing file', async () => {
      expect((await loadError(join(dir, 'nope.gguf'))).message).toMatch(/model file not found: .*nope\.gguf/);
    });

    it('a directory', async () => {
      const folder = join(dir, 'folder.gguf');
      mkdirSync(folder);
      expect((await loadError(folder)).message).toMatch(/not a file/);
    });

    it('empty file', async () => {
      const path = join(dir, 'empty.gguf');
      writeFileSync(path, '');
      expect((await loadError(path)).message).toMatch(/model file is empty/);
    });

    it('wrong magic', async () => {
      const path = join(dir, 'wrong.gguf');
      const bytes = readFileSync(modelPath);
      bytes.write('GGML', 0, 'latin1');
      writeFileSync(path, bytes);
      expect((await loadError(path)).message).toBe(`${path} is not a GGUF model file (GGUF files start with the bytes "GGUF")`);
    });

    it('unsupported version', async () => {
      const path = join(dir, 'v9.gguf');
      const bytes = readFileSync(modelPath);
      bytes.writeUInt32LE(9, 4);
      writeFileSync(path, bytes);
      expect((await loadError(path)).message).toMatch(/unsupported GGUF version 9/);
    });

    it('corrupt header', async () => {
      const path = join(dir, 'corrupt.gguf');
      const bytes = readFileSync(modelPath);
      bytes.fill(0xff, 24, 4096); // metadata garbled right after the counts
      writeFileSync(path, bytes);
      expect((await loadError(path)).message).toMatch(/corrupt or truncated GGUF header/);
    });

    it('truncated tensor data', async () => {
      const path = join(dir, 'truncated.gguf');
      const bytes = readFileSync(modelPath);
      writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
      expect((await loadError(path)).message).toMatch(/model file is truncated: .* has \d+ bytes but its tensors need \d+/);
    });

    it('truncated inside the header', async () => {
      const path = join(dir, 'cut-header.gguf');
      writeFileSync(path, readFileSync(modelPath).subarray(0, 2000));
      expect((await loadError(path)).message).toMatch(/corrupt or truncated GGUF header|model file is truncated/);
    });

    it('an architecture llama.cpp does not know', async () => {
      const path = join(dir, 'arch.gguf');
      const bytes = readFileSync(modelPath);
      // The value of general.architecture: a length-prefixed "llama" (the keys are longer strings).
      const value = Buffer.concat([Buffer.from([5, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('llama')]);
      bytes.write('llamb', bytes.indexOf(value) + 8, 'latin1');
      writeFileSync(path, bytes);
      expect((await loadError(path)).message).toMatch(/llama\.cpp could not load .*arch\.gguf: unknown model architecture: 'llamb'/);
    });

    it('a good copy still loads', async () => {
      const path = join(dir, 'good.gguf');
      copyFileSync(modelPath, path);
      const backend = await load(path, { threads: 1, parallel: 1 });
      expect(backend.info().model).toBe('good.gguf');
      await backend.dispose();
    });
  });

  describe('dispose', () => {
    it('ends calls in flight and refuses new ones', async () => {
      const backend = await load(modelPath, { threads: 1, parallel: 1 });
      const running = backend.generate(request(problems[0], { maxTokens: 400 }));
      const waiting = backend.generate(request(problems[1], { maxTokens: 400 }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await backend.dispose();
      const [first, second] = await Promise.all([running, waiting]);
      expect(first.finishReason).toBe('abort');
      expect(second.finishReason).toBe('abort');
      expect(first.completionTokens).toBeLessThan(400);
      await expect(backend.generate(request(problems[0]))).rejects.toThrow(/disposed/);
    });
  });
  });
}
