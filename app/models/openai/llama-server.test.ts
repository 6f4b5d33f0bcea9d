// End to end against a real llama-server: the `openai` backend and the real `proofwright verify`
// binary talk to llama.cpp's server (built from the source node-llama-cpp ships, see
// scripts/build-llama-server.ts) running the generated tiny GGUF. The tiny model says random
// text, so these tests assert mechanics a user relies on (tokens stream, finish reasons, a
// cancel reaches the server, a seed reproduces, the server's own overflow message reaches the
// user), never verdict content.
//
// The first run builds llama-server (scripts/build-llama-tools.ts: the server's own sources against
// node-llama-cpp's prebuilt libraries, 29 minutes on 2 cores at load 13–17; cached under ~/.cache/proofwright).
// A machine without git, cmake or a C++ compiler skips these tests and says so; so does
// PROOFWRIGHT_SKIP_LLAMA_SERVER=1. A build that fails on a machine that has the tools fails the suite.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { ensureLlamaServer } from '../../../scripts/build-llama-server';
import { ensureTinyModel } from '../../../scripts/make-tiny-gguf';
import type { GenerateRequest, ModelBackend, TokenChunk } from '../backend';
import { createBackend } from '../spec';
import { isContextOverflow } from './serverErrors';
import { startLlamaServer, type RunningLlamaServer } from './testLlamaServer';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// The tiny model was trained on nothing; 4096 tokens holds a sample proof and its verify prompt.
const CONTEXT = 4096;
const SKIPPED = 'streaming verify, cancellation, seed reproducibility and context overflow against a real llama-server';

let server: RunningLlamaServer | undefined;
let backend: ModelBackend | undefined;
let skipReason: string | undefined;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-llama-server-'));
  if (process.env.PROOFWRIGHT_SKIP_LLAMA_SERVER) {
    skipReason = 'PROOFWRIGHT_SKIP_LLAMA_SERVER is set';
  } else {
    const build = await ensureLlamaServer();
    if (!build.ok) {
      // Only a machine without the tools may skip; a build that broke is a failure to look at.
      if (!build.missingTools) throw new Error(build.reason);
      skipReason = build.reason;
    } else {
      // --no-cache-prompt: every request evaluates its prompt the same way, so a seed reproduces
      // exactly (a cached prefix changes batch shapes and with them the last bits of the logits).
      server = await startLlamaServer(build.binary, ensureTinyModel({ size: 'test', seed: 1 }), { contextSize: CONTEXT, args: ['--no-cache-prompt'] });
      backend = await createBackend(`openai:${server.url}/v1#tiny`, { cwd: dir });
    }
  }
  if (skipReason) console.warn(`[llama-server] SKIPPED ${SKIPPED}: ${skipReason}`);
}, 60 * 60_000);

afterAll(async () => {
  await backend?.dispose();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The running server and backend, or skips the test (the reason was printed in beforeAll). */
function live(ctx: TestContext): { server: RunningLlamaServer; backend: ModelBackend } {
  if (!server || !backend) return ctx.skip(skipReason);
  return { server, backend };
}

const ask = (overrides: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'Prove that the sum of two even integers is even.' }],
  role: 'verify',
  maxTokens: 16,
  temperature: 0,
  topP: 1,
  ...overrides,
});

interface SlotInfo {
  is_processing: boolean;
  next_token?: Array<{ n_decoded: number }>;
}

async function slot(url: string): Promise<SlotInfo> {
  const slots = (await (await fetch(`${url}/slots`)).json()) as SlotInfo[];
  return slots[0];
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/proofwright.mjs'), ...args],
      { cwd: dir, env: { ...process.env, PROOFWRIGHT_BACKEND: '' }, timeout: 280_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('the openai backend against a real llama-server', () => {
  it('streams tokens that add up to the answer, with the server\'s own token count and finish reason', { timeout: 120_000 }, async (ctx) => {
    const { backend } = live(ctx);
    const chunks: TokenChunk[] = [];
    const result = await backend.generate(ask({ onToken: (chunk) => chunks.push(chunk) }));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.text).join('')).toBe(result.text);
    // The random model never ends on its own: the answer is cut at max_tokens, and llama-server
    // says so ("length") and counts the tokens itself (usage).
    expect(result.finishReason).toBe('length');
    expect(result.completionTokens).toBe(16);
    expect(result.timings.firstTokenMs).toBeDefined();
    // countTokens uses llama-server's own chat template and tokenizer (/apply-template + /tokenize).
    expect(await backend.countTokens(ask().messages)).toBe(result.promptTokens);
  });

  it('a seed reproduces the same text at temperature 1, and another seed gives another', { timeout: 120_000 }, async (ctx) => {
    const { backend } = live(ctx);
    const sampled = (seed: number) => backend.generate(ask({ temperature: 1, seed, maxTokens: 24 })).then((r) => r.text);
    const first = await sampled(42);
    expect(first.length).toBeGreaterThan(0);
    expect(await sampled(42)).toBe(first);
    expect(await sampled(43)).not.toBe(first);
  });

  it('an abort ends the request at once as "abort", the server stops generating it, and stays usable', { timeout: 120_000 }, async (ctx) => {
    const { server, backend } = live(ctx);
    const budget = 3_000;
    const controller = new AbortController();
    let seen = 0;
    const result = await backend.generate(
      ask({
        maxTokens: budget,
        signal: controller.signal,
        onToken: () => {
          if (++seen === 3) controller.abort();
        },
      }),
    );
    expect(result.finishReason).toBe('abort');
    // The server noticed the closed connection and released the slot well before its token budget.
    let state = await slot(server.url);
    while (state.is_processing) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      state = await slot(server.url);
    }
    expect(state.next_token?.[0].n_decoded).toBeLessThan(budget);
    const after = await backend.generate(ask({ maxTokens: 8 }));
    expect(after).toMatchObject({ finishReason: 'length', completionTokens: 8 });
  });

  it('a prompt larger than the context fails with llama-server\'s own message, recognised as an overflow', { timeout: 120_000 }, async (ctx) => {
    const { backend } = live(ctx);
    const huge = 'Let n be an even integer, so n = 2k for some integer k, and the sum is even. '.repeat(400);
    const failure = await backend.generate(ask({ messages: [{ role: 'user', content: huge }] })).then(
      () => undefined,
      (error: unknown) => error as { code?: string; message: string },
    );
    expect(failure?.code).toBe('context-overflow');
    expect(failure?.message).toMatch(/exceeds the available context size \(4096 tokens\)/);
    expect(isContextOverflow(failure!.message)).toBe(true);
    // Still serving after refusing it.
    expect((await backend.generate(ask({ maxTokens: 4 }))).completionTokens).toBe(4);
  });
});

describe('`proofwright verify --backend openai:` against a real llama-server', () => {
  it('streams every sample to the end and says why none gave a verdict (cut off), exit 3', { timeout: 300_000 }, async (ctx) => {
    const { server } = live(ctx);
    for (const f of ['cauchy-equation.md', 'cauchy-equation.problem.md']) await copyFile(join(ROOT, 'resources/samples', f), join(dir, f));
    const run = await cli(['verify', 'cauchy-equation.md', '--backend', `openai:${server.url}/v1#tiny`, '--samples', '2', '--max-tokens', '24', '--seed', '7', '--json']);
    // The random model's answers are cut at --max-tokens: no verdict, exit 3, and the reason given.
    expect(run.stderr).toMatch(/no verdict: none of the 2 samples gave one \(2 × cut off at the token limit/);
    expect(run.code).toBe(3);
    const result = JSON.parse(run.stdout) as { runId: string; samples: { status: string; reason?: string }[]; backend: string };
    expect(result.backend).toBe(`openai:${server.url}/v1#tiny`);
    expect(result.samples.map((s) => s.reason)).toEqual(['truncated', 'truncated']);
    const runs = await readdir(join(dir, '.proofwright', 'runs'));
    const lines = (await readFile(join(dir, '.proofwright', 'runs', runs.find((f) => f.startsWith(result.runId))!), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; finishReason?: string; completionTokens?: number; output?: { text: string }; params?: { seed?: number } });
    const calls = lines.filter((l) => l.type === 'call');
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call).toMatchObject({ finishReason: 'length', completionTokens: 24 });
      expect(call.output!.text.length).toBeGreaterThan(0);
    }
    // Call i gets seed + i.
    expect(calls.map((c) => c.params?.seed).sort()).toEqual([7, 8]);
  });

  it('a proof too long for the server\'s context: the user reads llama-server\'s own message and why', { timeout: 300_000 }, async (ctx) => {
    const { server } = live(ctx);
    const long = 'Let n be an even integer, so n = 2k for some integer k. Then n + 2 = 2(k + 1) is even. '.repeat(400);
    await writeFile(join(dir, 'long.md'), `# Proof\n\n${long}\n`);
    await writeFile(join(dir, 'long.problem.md'), 'Prove that n + 2 is even when n is even.\n');
    const run = await cli(['verify', 'long.md', '--backend', `openai:${server.url}/v1#tiny`, '--samples', '1', '--max-tokens', '16']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/exceeds the available context size \(4096 tokens\), try increasing it/);
    expect(run.stderr).toMatch(/does not fit this model's context/);
  });
});
