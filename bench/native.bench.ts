// Proofwright's `local` backend against llama.cpp itself (issue 16), on the same model and machine,
// in one run: `npm run bench -- native`.
//
// The native side is llama.cpp's own llama-bench and llama-batched-bench, built once from the source
// node-llama-cpp ships and linked against node-llama-cpp's prebuilt libraries
// (scripts/build-llama-tools.ts; the bench says when it builds), so both sides run the same kernels.
// Three workloads, each side at its own best thread count (1..cores are all tried):
//   decode      tok/s generating 64 tokens, greedy        llama-bench -p 0 -n 64       target local/native ≥ 0.9
//   prompt      tok/s evaluating a ~1,000-token prompt    llama-bench -p 1024 -n 0     target local/native ≥ 0.9
//   m = 8       s for 8 verifications of one ~1,500-token proof, 64 tokens each: llama-batched-bench -pps
//               (prompt evaluated once, KV copied in memory) vs 8 concurrent generate() calls with one
//               sharedPrefixKey, seeds s..s+7                                     target local/native ≤ 1.15
// Prompt samples on both sides follow a warm-up pass of the same size (llama-bench's own; one warm-up
// call on the local side). Decode and prompt are measured in ROUNDS (BENCH_NATIVE_ROUNDS, default 5) that alternate one native
// sample and one local sample, each side keeping its best (highest) rate: on this VM either side's
// rate swings 1.5× between seconds (llama-bench alone: 109-262 tok/s within minutes), and noise only
// ever slows a run down, so the best of interleaved samples estimates each side's own speed, with the
// load met by both. The median of each side's samples is printed beside it.
// Then a thread-scaling section: every figure above at 1..cores threads for both sides, the backend's
// own thread choice, and decode / prompt with the whole process pinned to one core (`taskset -c 0`,
// a child process) against all cores: more cores must never make the local backend slower.
// Every figure carries the 1-minute load average before and after it: on a busy machine the CPU
// figures say little. BENCH_QUICK=1: a short smoke run (fewer tokens and repetitions).
// BENCH_NATIVE_RUNTIMES=native,server,in-process: measure the local backend once per runtime listed,
// passing `{ runtime }` to createLocalBackend; unset: `native` only (our proofwright-runtime, the default
// local runtime where it is built; built here first by scripts/build-llama-runtime.ts when missing).
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createLocalBackend, type LocalModelBackend } from '../app/models/local';
import { getLlamaRuntime } from '../app/models/local/llama-runtime';
import { availableCores } from '../app/models/local/threads';
import type { ChatMessage } from '../app/models/backend';
import { ensureLlamaRuntime } from '../scripts/build-llama-runtime';
import { ensureLlamaTools } from '../scripts/build-llama-tools';
import { benchModelPath, proofMessages, quick, shortMessages, timed } from './inference-setup';
import { batchedBenchTimes, llamaBenchRate } from './native-tools';
import { median, type BenchResult } from './types';

const DECODE_TOKENS = quick ? 16 : 64;
const PROMPT_TOKENS = quick ? 256 : 1024;
const M = 8;
const PROOF_TOKENS = quick ? 400 : 1500;
const M_TOKENS = quick ? 16 : 64;
const REPS = quick ? 1 : 3;
const ROUNDS = quick ? 2 : Math.max(1, Number(process.env.BENCH_NATIVE_ROUNDS) || 5);

/** A figure and the machine's 1-minute load average just before and after it was measured. */
interface Figure {
  value: number;
  load: [number, number];
  /** The samples `value` was chosen from (rounds), when there were several. */
  samples?: number[];
}

async function measured(fn: () => Promise<number>): Promise<Figure> {
  const before = os.loadavg()[0];
  const value = await fn();
  return { value, load: [before, os.loadavg()[0]] };
}

const loadText = (f: Figure) => `load ${f.load[0].toFixed(1)}→${f.load[1].toFixed(1)}`;

/** The local backend's runtimes to measure: a label and the options that select it. */
interface Runtime {
  label: string;
  options: Record<string, unknown>;
}

function runtimes(): Runtime[] {
  const names = (process.env.BENCH_NATIVE_RUNTIMES ?? 'native').split(',').map((s) => s.trim()).filter(Boolean);
  return names.map((runtime) => ({ label: `local (${runtime})`, options: { runtime } }));
}

/** Each call's messages differ from the first tokens on, so no call reuses another's evaluated prefix. */
function fresh(messages: ChatMessage[], rep: number): ChatMessage[] {
  return messages.map((m, i) => (i === 0 ? { ...m, content: `Run ${rep}. ${m.content}` } : m));
}

/**
 * Local decode tok/s: first to last token of a greedy call (median of REPS after a warm-up). A thread
 * count whose warm-up is under a fifth of `bestSoFar` is clearly not the best (oversubscribed cores
 * decode 50× slower): its warm-up rate is returned instead of spending minutes confirming it.
 */
async function localDecode(path: string, runtime: Runtime, threads?: number, bestSoFar = 0): Promise<number> {
  const backend = await createLocalBackend(path, { parallel: 1, contextSize: 2048, ...(threads ? { threads } : {}), ...runtime.options });
  try {
    const rates: number[] = [];
    for (let rep = 0; rep <= REPS; rep++) {
      const r = await backend.generate({ messages: shortMessages(rep), role: 'verify', maxTokens: DECODE_TOKENS, temperature: 0, topP: 1 });
      if (r.completionTokens !== DECODE_TOKENS) throw new Error(`local decode stopped after ${r.completionTokens} of ${DECODE_TOKENS} tokens`);
      const rate = ((DECODE_TOKENS - 1) * 1000) / (r.timings.totalMs - (r.timings.firstTokenMs ?? 0));
      if (rep === 0 && rate < bestSoFar / 5) return rate;
      if (rep > 0) rates.push(rate);
    }
    return median(rates);
  } finally {
    await backend.dispose();
  }
}

/** Local prompt tok/s: prompt tokens over the time to the first token of a 1-token answer (`bestSoFar` as in localDecode). */
async function localPrompt(path: string, runtime: Runtime, messages: ChatMessage[], threads?: number, bestSoFar = 0): Promise<number> {
  const backend = await createLocalBackend(path, { parallel: 1, contextSize: 2048, ...(threads ? { threads } : {}), ...runtime.options });
  try {
    const rates: number[] = [];
    for (let rep = 0; rep <= REPS; rep++) {
      const r = await backend.generate({ messages: fresh(messages, rep), role: 'verify', maxTokens: 1, temperature: 0, topP: 1 });
      const rate = (r.promptTokens * 1000) / (r.timings.firstTokenMs ?? r.timings.totalMs);
      if (rep === 0 && rate < bestSoFar / 5) return rate;
      if (rep > 0) rates.push(rate);
    }
    return median(rates);
  } finally {
    await backend.dispose();
  }
}

/**
 * One local decode sample on a kept backend: tok/s from the first to the last token of a greedy call,
 * and the call's prompt tokens (the KV cache's depth when decoding starts: llama-bench's `-d`).
 */
async function decodeSample(backend: LocalModelBackend, variant: number): Promise<{ rate: number; promptTokens: number }> {
  const r = await backend.generate({ messages: shortMessages(variant), role: 'verify', maxTokens: DECODE_TOKENS, temperature: 0, topP: 1 });
  if (r.completionTokens !== DECODE_TOKENS) throw new Error(`local decode stopped after ${r.completionTokens} of ${DECODE_TOKENS} tokens`);
  return { rate: ((DECODE_TOKENS - 1) * 1000) / (r.timings.totalMs - (r.timings.firstTokenMs ?? 0)), promptTokens: r.promptTokens };
}

/**
 * One local prompt sample, tok/s: prompt tokens over the time to the first token (a fresh prompt each
 * time), right after one warm-up call on another fresh prompt of the same size, as llama-bench runs
 * its warm-up pass before each sample. Without it the local side was always measured cold (its call
 * came after a llama-bench process): 1,057 tokens took 964 ms to the first token cold and 838–857 ms
 * warm on the same server; llama-bench itself is 1,022 tok/s with `--no-warmup` against 1,147 with it.
 */
async function promptSample(backend: LocalModelBackend, messages: ChatMessage[], variant: number): Promise<{ rate: number; promptTokens: number }> {
  await backend.generate({ messages: fresh(messages, variant + 50_000), role: 'verify', maxTokens: 1, temperature: 0, topP: 1 });
  const r = await backend.generate({ messages: fresh(messages, variant), role: 'verify', maxTokens: 1, temperature: 0, topP: 1 });
  return { rate: (r.promptTokens * 1000) / (r.timings.firstTokenMs ?? r.timings.totalMs), promptTokens: r.promptTokens };
}

/** Samples gathered over the rounds; the figure is their best (highest rate). */
class Samples {
  readonly values: number[] = [];
  private readonly before = os.loadavg()[0];
  /** A side whose first sample is under a fifth of its best at another thread count stops sampling. */
  hopeless = false;
  add(value: number, bestElsewhere: number) {
    this.values.push(value);
    if (this.values.length === 1 && value < bestElsewhere / 5) this.hopeless = true;
  }
  /** The best sample: the highest (a rate) or, with `higherIsBetter` false, the lowest (a time). */
  figure(higherIsBetter = true): Figure {
    const value = higherIsBetter ? Math.max(...this.values) : Math.min(...this.values);
    return { value, load: [this.before, os.loadavg()[0]], samples: [...this.values] };
  }
}

/** Local m = 8: seconds until 8 concurrent calls sharing one prompt (one sharedPrefixKey) all finish. */
async function localVerifications(path: string, runtime: Runtime, messages: ChatMessage[], threads: number, round = 0): Promise<number> {
  const backend = await createLocalBackend(path, { parallel: M, threads, contextSize: 2048, sharedPrefix: true, ...runtime.options });
  try {
    await backend.generate({ messages: shortMessages(0), role: 'verify', maxTokens: 4, temperature: 0, topP: 1 });
    const seed = 1000 * threads + 10 * round;
    const { ms, value } = await timed(() =>
      Promise.all(
        Array.from({ length: M }, (_, i) =>
          backend.generate({ messages, role: 'verify', maxTokens: M_TOKENS, temperature: 0.7, topP: 1, seed: seed + i, sharedPrefixKey: `native-bench-${threads}-${round}` }),
        ),
      ),
    );
    if (value.some((r) => r.completionTokens !== M_TOKENS)) throw new Error('a local verification stopped early');
    return ms / 1000;
  } finally {
    await backend.dispose();
  }
}

/** The prompts, templated and sized on the benchmark model's own tokenizer. */
async function prompts(path: string): Promise<{ prompt: ChatMessage[]; proof: ChatMessage[] }> {
  const llama = await getLlamaRuntime('auto');
  const model = await llama.loadModel({ modelPath: path });
  try {
    return { prompt: proofMessages(model, PROMPT_TOKENS), proof: proofMessages(model, PROOF_TOKENS) };
  } finally {
    await model.dispose();
  }
}

/** Runs this file pinned to CPU 0 in a child process; returns its local decode and prompt rates. */
function pinnedLocal(runtime: Runtime): Promise<{ decode: number; prompt: number; threads: number }> {
  return new Promise((resolve, reject) => {
    const args = [...process.execArgv, fileURLToPath(import.meta.url), '--pinned-local', JSON.stringify(runtime)];
    const child = spawn('taskset', ['-c', '0', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{"pinned"'));
      if (code !== 0 || !line) return reject(new Error(`the pinned local run exited ${code}: ${out.slice(-500)}`));
      resolve((JSON.parse(line) as { pinned: { decode: number; prompt: number; threads: number } }).pinned);
    });
  });
}

/** The pinned child: the backend's own thread choice on the one core it may use. */
async function pinnedChild(runtime: Runtime) {
  const path = benchModelPath();
  const { prompt } = await prompts(path);
  const decode = await localDecode(path, runtime);
  const rate = await localPrompt(path, runtime, prompt);
  console.log(JSON.stringify({ pinned: { decode, prompt: rate, threads: availableCores() } }));
}

type Sweep = Map<number, Figure>;
const bestValue = (sweep: Sweep) => Math.max(0, ...[...sweep.values()].map((f) => f.value));
/**
 * m = 8 is prompt processing plus decoding: a thread count at which both ran under a third of their
 * best cannot be the best for it either, and on a loaded machine it can take minutes, so it is skipped.
 */
const hopeless = (decode: Sweep, prompt: Sweep, threads: number) =>
  decode.get(threads)!.value < bestValue(decode) / 3 && prompt.get(threads)!.value < bestValue(prompt) / 3;
const best = (sweep: Sweep, higherIsBetter: boolean): [number, Figure] =>
  [...sweep.entries()].reduce((a, b) => ((higherIsBetter ? b[1].value > a[1].value : b[1].value < a[1].value) ? b : a));
const sweepText = (sweep: Sweep, digits: number) =>
  [...sweep.entries()]
    .map(([t, f]) => `${t}: ${f.value.toFixed(digits)}${f.samples && f.samples.length > 1 ? ` (median ${median(f.samples).toFixed(digits)} of ${f.samples.length})` : ''} (${loadText(f)})`)
    .join('; ');

export async function run(): Promise<BenchResult[]> {
  const tools = await ensureLlamaTools({ log: (line) => console.log(`[native] ${line}`) });
  if (!tools.ok) throw new Error(`llama.cpp's tools are not available: ${tools.reason}`);
  if (tools.built) console.log(`[native] built llama.cpp's tools in ${tools.seconds} s (${tools.libDir})`);
  if (runtimes().some((r) => r.options.runtime === 'native')) {
    const runtime = await ensureLlamaRuntime({ log: (line) => console.log(`[native] ${line}`) });
    if (!runtime.ok) throw new Error(`proofwright-runtime is not available: ${runtime.reason}`);
    if (runtime.built) console.log(`[native] built ${runtime.binary} in ${runtime.seconds} s`);
  }
  const path = benchModelPath();
  const cores = availableCores();
  const threadCounts = Array.from({ length: cores }, (_, i) => i + 1);
  const { prompt, proof } = await prompts(path);
  /** The local decode call's prompt tokens, read from its own samples (the native side's `-d`). */
  let decodeDepth = 0;
  /** The local prompt sample's templated length in tokens (the native side's `-p`). */
  let promptTokens = PROMPT_TOKENS;

  // Native and local figures alternate per thread count, so on a busy machine both sides of a ratio
  // meet about the same load (measuring one side after the other gave ratios of 0.4 and 2.5 at once).
  const sweeps = () => ({ decode: new Map() as Sweep, prompt: new Map() as Sweep, m8: new Map() as Sweep });
  const native = sweeps();
  const locals = runtimes().map((runtime) => ({ runtime, local: sweeps() }));
  for (const threads of threadCounts) {
    const backends = await Promise.all(
      locals.map(({ runtime }) => createLocalBackend(path, { parallel: 1, contextSize: 2048, threads, ...runtime.options })),
    );
    try {
      // Warm-up: the first call of a backend pays for its first graph and caches.
      for (const backend of backends) await backend.generate({ messages: shortMessages(99), role: 'verify', maxTokens: 4, temperature: 0, topP: 1 });
      const nDecode = new Samples();
      const nPrompt = new Samples();
      const lDecode = locals.map(() => new Samples());
      const lPrompt = locals.map(() => new Samples());
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, backend] of backends.entries()) {
          if (lDecode[i]!.hopeless) continue;
          const sample = await decodeSample(backend, round);
          lDecode[i]!.add(sample.rate, bestValue(locals[i]!.local.decode));
          decodeDepth = sample.promptTokens;
        }
        // The same workload on both sides: llama-bench decodes after as many tokens as the local call's
        // prompt (its `-d`, evaluated untimed). Attention reads every cell in the cache, so a decode from
        // an empty cache (llama-bench's default) is not the local call's work.
        if (!nDecode.hopeless) nDecode.add(await llamaBenchRate(tools.bench, path, { kind: 'decode', tokens: DECODE_TOKENS, threads, reps: 1, depth: decodeDepth }), bestValue(native.decode));
        for (const [i, backend] of backends.entries()) {
          if (lPrompt[i]!.hopeless) continue;
          const sample = await promptSample(backend, prompt, threads * 100 + round);
          lPrompt[i]!.add(sample.rate, bestValue(locals[i]!.local.prompt));
          promptTokens = sample.promptTokens;
        }
        // As many tokens as the local prompt held (its templated length is only about PROMPT_TOKENS).
        if (!nPrompt.hopeless) nPrompt.add(await llamaBenchRate(tools.bench, path, { kind: 'prompt', tokens: promptTokens, threads, reps: 1 }), bestValue(native.prompt));
      }
      native.decode.set(threads, nDecode.figure());
      native.prompt.set(threads, nPrompt.figure());
      for (const [i, { local }] of locals.entries()) {
        local.decode.set(threads, lDecode[i]!.figure());
        local.prompt.set(threads, lPrompt[i]!.figure());
      }
    } finally {
      await Promise.all(backends.map((backend) => backend.dispose()));
    }
  }
  // m = 8: the same rounds, fastest (lowest) time of each side.
  for (const threads of threadCounts) {
    const nativeHopeless = hopeless(native.decode, native.prompt, threads);
    const nTimes = new Samples();
    const lTimes = locals.map(() => new Samples());
    for (let round = 0; round < ROUNDS; round++) {
      if (!nativeHopeless) {
        nTimes.add((await batchedBenchTimes(tools.batchedBench, path, { prompt: PROOF_TOKENS, generate: M_TOKENS, sequences: M, threads })).totalSeconds, 0);
      }
      for (const [i, { runtime, local }] of locals.entries()) {
        if (!hopeless(local.decode, local.prompt, threads)) lTimes[i]!.add(await localVerifications(path, runtime, proof, threads, round), 0);
      }
    }
    if (nTimes.values.length) native.m8.set(threads, nTimes.figure(false));
    for (const [i, { local }] of locals.entries()) if (lTimes[i]!.values.length) local.m8.set(threads, lTimes[i]!.figure(false));
  }
  const [nDecodeT, nDecode] = best(native.decode, true);
  const [nPromptT, nPrompt] = best(native.prompt, true);
  const [nM8T, nM8] = best(native.m8, false);
  const skipNote = '(skipped where decode and prompt were both under a third of their best)';
  console.log(`[native] llama.cpp decode tok/s by threads: ${sweepText(native.decode, 1)}`);
  console.log(`[native] llama.cpp prompt tok/s by threads: ${sweepText(native.prompt, 0)}`);
  console.log(`[native] llama.cpp m=${M} s by threads ${skipNote}: ${sweepText(native.m8, 2)}`);
  const nativePinned = {
    decode: await measured(() => llamaBenchRate(tools.bench, path, { kind: 'decode', tokens: DECODE_TOKENS, threads: 1, reps: REPS, depth: decodeDepth, pinned: true })),
    prompt: await measured(() => llamaBenchRate(tools.bench, path, { kind: 'prompt', tokens: promptTokens, threads: 1, reps: REPS, pinned: true })),
  };

  const results: BenchResult[] = [];
  for (const { runtime, local } of locals) {
    const [lDecodeT, lDecode] = best(local.decode, true);
    const [lPromptT, lPrompt] = best(local.prompt, true);
    const [lM8T, lM8] = best(local.m8, false);
    const L = runtime.label;
    console.log(`[native] ${L} decode tok/s by threads: ${sweepText(local.decode, 1)}`);
    console.log(`[native] ${L} prompt tok/s by threads: ${sweepText(local.prompt, 0)}`);
    console.log(`[native] ${L} m=${M} s by threads ${skipNote}: ${sweepText(local.m8, 2)}`);
    // The backend's own thread choice with every core, and pinned to one core.
    const ownDecode = await measured(() => localDecode(path, runtime));
    const ownPrompt = await measured(() => localPrompt(path, runtime, prompt));
    const before = os.loadavg()[0];
    const pinned = await pinnedLocal(runtime);
    const pinnedLoad: [number, number] = [before, os.loadavg()[0]];
    const pinnedText = `pinned run ${loadText({ value: 0, load: pinnedLoad })}`;

    results.push(
      {
        name: `native: ${L} decode vs llama-bench`,
        value: lDecode.value,
        unit: 'tok/s',
        baseline: nDecode.value,
        ratio: lDecode.value / nDecode.value,
        note: `${DECODE_TOKENS} tokens, greedy, after a ${decodeDepth}-token prompt (llama-bench -d ${decodeDepth}); best threads: ${L} ${lDecodeT} (${loadText(lDecode)}), llama.cpp ${nDecodeT} (${loadText(nDecode)}); target ≥ 0.9`,
      },
      {
        name: `native: ${L} prompt processing vs llama-bench`,
        value: lPrompt.value,
        unit: 'tok/s',
        baseline: nPrompt.value,
        ratio: lPrompt.value / nPrompt.value,
        note: `${promptTokens}-token prompt on both sides (local: time to first token); best threads: ${L} ${lPromptT} (${loadText(lPrompt)}), llama.cpp ${nPromptT} (${loadText(nPrompt)}); target ≥ 0.9`,
      },
      {
        name: `native: ${L} m=${M} verifications vs llama-batched-bench -pps`,
        value: lM8.value,
        unit: 's',
        baseline: nM8.value,
        ratio: lM8.value / nM8.value,
        note: `${M} × (~${PROOF_TOKENS}-token shared prompt + ${M_TOKENS} tokens); best threads: ${L} ${lM8T} (${loadText(lM8)}), llama.cpp ${nM8T} (${loadText(nM8)}); target ≤ 1.15`,
      },
      {
        name: `threads: ${L} decode, own thread choice vs best of 1..${cores}`,
        value: ownDecode.value,
        unit: 'tok/s',
        baseline: lDecode.value,
        ratio: ownDecode.value / lDecode.value,
        note: `${loadText(ownDecode)}; by threads: ${sweepText(local.decode, 1)}`,
      },
      {
        name: `threads: ${L} decode, all ${cores} cores vs one (taskset -c 0)`,
        value: ownDecode.value,
        unit: 'tok/s',
        baseline: pinned.decode,
        ratio: ownDecode.value / pinned.decode,
        note: `own thread choice both; ${pinnedText}; llama.cpp pinned -t 1: ${nativePinned.decode.value.toFixed(1)} tok/s (${loadText(nativePinned.decode)}); target ≥ 1 (more cores never slower)`,
      },
      {
        name: `threads: ${L} prompt, all ${cores} cores vs one (taskset -c 0)`,
        value: ownPrompt.value,
        unit: 'tok/s',
        baseline: pinned.prompt,
        ratio: ownPrompt.value / pinned.prompt,
        note: `own thread choice both (${loadText(ownPrompt)}); ${pinnedText}; llama.cpp pinned -t 1: ${nativePinned.prompt.value.toFixed(0)} tok/s; by threads: ${sweepText(local.prompt, 0)}; target ≥ 1`,
      },
    );
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--pinned-local');
  if (at >= 0) await pinnedChild(JSON.parse(process.argv[at + 1]) as Runtime);
  else console.table(await run());
}
