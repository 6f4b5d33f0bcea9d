// The local backend's two runtimes on the benchmark model, same options, alternating: llama.cpp's
// llama-server out of process (value) vs node-llama-cpp in process (baseline), for decode, prompt
// processing and m = 8 verifications of one ~1,500-token proof (the server shares the prompt by n_cmpl,
// in process by state files). Ratios > 1 mean the server runtime is faster. Each side uses its own
// default threads (threads.ts: chooseServerThreads / chooseThreadCount). Skips without a binary.
// Run alone: `npx tsx bench/runtime.bench.ts` (BENCH_QUICK=1 for a smoke run).
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import type { ChatMessage, ModelBackend } from '../app/models/backend';
import { createLocalBackend, findLlamaServerBinary } from '../app/models/local';
import { getLlamaRuntime } from '../app/models/local/llama-runtime';
import { benchModelPath, proofMessages, quick, timed } from './inference-setup';
import { median, type BenchResult } from './types';

const M = 8;
const GENERATED = quick ? 16 : 64;
const PROOF_TOKENS = quick ? 600 : 1500;
const PROMPT_TOKENS = quick ? 500 : 1000;

type Runtime = 'server' | 'in-process';

/** A prompt that shares nothing with the other reps' (neither runtime may reuse a cached prefix). */
function fresh(messages: ChatMessage[], rep: number): ChatMessage[] {
  return [{ role: 'system', content: `Session ${rep}. ${messages[0].content}` }, ...messages.slice(1)];
}

async function decodeRate(backend: ModelBackend, rep: number): Promise<number> {
  const r = await backend.generate({ messages: [{ role: 'user', content: `Variant ${rep}: prove that the sum of two even numbers is even.` }], role: 'verify', maxTokens: GENERATED, temperature: 0, topP: 1 });
  if (r.completionTokens !== GENERATED) throw new Error(`decode: expected ${GENERATED} tokens, got ${r.completionTokens}`);
  return ((GENERATED - 1) * 1000) / (r.timings.totalMs - (r.timings.firstTokenMs ?? 0));
}

async function promptRate(backend: ModelBackend, messages: ChatMessage[]): Promise<number> {
  const r = await backend.generate({ messages, role: 'verify', maxTokens: 1, temperature: 0, topP: 1 });
  return (r.promptTokens * 1000) / r.timings.totalMs;
}

async function sharedPromptMs(backend: ModelBackend, messages: ChatMessage[]): Promise<number> {
  const { ms, value } = await timed(() =>
    Promise.all(Array.from({ length: M }, (_, i) => backend.generate({ messages, role: 'verify', maxTokens: GENERATED, temperature: 0.7, topP: 1, seed: i, sharedPrefixKey: 'proof' }))),
  );
  if (value.some((r) => r.completionTokens !== GENERATED)) throw new Error('a shared-prompt call stopped early');
  return ms;
}

export async function run(): Promise<BenchResult[]> {
  const binary = findLlamaServerBinary();
  if (!binary) {
    console.warn('[runtime bench] SKIPPED: no llama-server binary (npx tsx scripts/build-llama-server.ts)');
    return [];
  }
  const path = benchModelPath();
  const reps = quick ? 2 : 3;
  // Prompts sized with the model's own template (node-llama-cpp), the same text for both runtimes.
  const llama = await getLlamaRuntime('auto');
  const model = await llama.loadModel({ modelPath: path });
  const proof = proofMessages(model, PROOF_TOKENS);
  const prompt = proofMessages(model, PROMPT_TOKENS);
  await model.dispose();
  const load = os.loadavg()[0];
  const backends: Record<Runtime, ModelBackend> = {
    server: await createLocalBackend(path, { runtime: 'server', parallel: M, contextSize: 2048 }),
    'in-process': await createLocalBackend(path, { runtime: 'in-process', parallel: M, contextSize: 2048 }),
  };
  const figures = { decode: { server: [] as number[], 'in-process': [] as number[] }, prompt: { server: [] as number[], 'in-process': [] as number[] }, shared: { server: [] as number[], 'in-process': [] as number[] } };
  try {
    // Rep 0 warms both up. Alternating spreads background load over both sides.
    for (let rep = 0; rep <= reps; rep++) {
      for (const runtime of ['server', 'in-process'] as const) {
        const backend = backends[runtime];
        const d = await decodeRate(backend, rep);
        const p = await promptRate(backend, fresh(prompt, rep));
        const s = await sharedPromptMs(backend, fresh(proof, 100 + rep));
        if (rep === 0) continue;
        figures.decode[runtime].push(d);
        figures.prompt[runtime].push(p);
        figures.shared[runtime].push(s);
      }
    }
  } finally {
    await Promise.all(Object.values(backends).map((b) => b.dispose()));
  }
  const info = (runtime: Runtime) => backends[runtime].info();
  const threads = `server ${info('server').threads} decode / ${info('server').runtime?.batchThreads} batch threads (${binary.source}), in-process ${info('in-process').threads} threads`;
  const note = `${threads}; load ${load.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end; median of ${reps}`;
  const result = (name: string, unit: string, key: keyof typeof figures, higherIsBetter: boolean): BenchResult => {
    const value = median(figures[key].server);
    const baseline = median(figures[key]['in-process']);
    return { name, value, unit, baseline, ratio: higherIsBetter ? value / baseline : baseline / value, note };
  };
  return [
    result(`decode: server vs in-process runtime (${GENERATED} tokens)`, 'tok/s', 'decode', true),
    result(`prompt processing: server vs in-process runtime (~${PROMPT_TOKENS} tokens, incl. token counting)`, 'tok/s', 'prompt', true),
    result(`m = ${M} shared-prompt verifications (~${PROOF_TOKENS} tokens, ${GENERATED} each): server vs in-process (ratio = speed-up)`, 'ms', 'shared', false),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
