// (c) Decode throughput with the thread count the engine picks (threads.ts) vs every count from 1 to
// the available cores, and vs node-llama-cpp's default (max(cores, 4) threads).
// Target: chosen within 10% of the best. The engine's choice depends on the load when it starts
// (threads.ts), so it is taken at the same moment as the measurements. Run alone: `npx tsx bench/threads.bench.ts`.
import { pathToFileURL } from 'node:url';
import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { getLlamaRuntime } from '../app/models/local/llama-runtime';
import { availableCores, chooseThreadCount, otherProcessesLoad } from '../app/models/local/threads';
import { benchModelPath, chatTokens, quick, rawCompletion, shortMessages, timed } from './inference-setup';
import { median, type BenchResult } from './types';

const GENERATED = 16;
// The library default oversubscribes small machines badly (about 1.5 tok/s on 2 cores, far less on a
// busy one): a few tokens, timed once.
const GENERATED_DEFAULT = 4;

/**
 * Median decode rate over `reps` timed calls after one warm-up call (reps = 0: the single call is
 * timed). A count whose warm-up is under a fifth of `bestSoFar` is clearly not the best: its
 * warm-up rate is returned instead of spending minutes confirming it.
 */
async function decodeRate(llama: Llama, path: string, threads: number | undefined, generated: number, reps: number, bestSoFar = 0) {
  const model = await llama.loadModel({ modelPath: path });
  const context = await model.createContext({ contextSize: 512, sequences: 1, ...(threads ? { threads } : {}) });
  try {
    const rate = async (rep: number) => {
      const { ms } = await timed(() => rawCompletion(context, chatTokens(model, shortMessages(rep)), generated));
      return (generated * 1000) / ms;
    };
    const warmup = await rate(0);
    if (reps === 0 || warmup < bestSoFar / 5) return { rate: warmup, actualThreads: context.currentThreads };
    const rates: number[] = [];
    for (let rep = 1; rep <= reps; rep++) rates.push(await rate(rep));
    return { rate: median(rates), actualThreads: context.currentThreads };
  } finally {
    await context.dispose();
    await model.dispose();
  }
}

export async function run(): Promise<BenchResult[]> {
  const path = benchModelPath();
  const cores = availableCores();
  const chosen = chooseThreadCount(availableCores(), await otherProcessesLoad());
  const reps = quick ? 1 : 3;
  const llama = await getLlamaRuntime('auto');
  const rates = new Map<number, number>();
  for (let threads = 1; threads <= cores; threads++) {
    const { rate } = await decodeRate(llama, path, threads, GENERATED, reps, Math.max(0, ...rates.values()));
    rates.set(threads, rate);
  }
  const [bestThreads, best] = [...rates.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
  const defaultLlama = await getLlama({ gpu: 'auto', logLevel: LlamaLogLevel.error, progressLogs: false });
  const library = await decodeRate(defaultLlama, path, undefined, GENERATED_DEFAULT, 0);
  await defaultLlama.dispose();
  const chosenRate = rates.get(chosen) ?? best;
  const all = [...rates.entries()].map(([t, r]) => `${t}: ${r.toFixed(1)}`).join(', ');
  return [
    {
      name: 'threads: engine choice vs best of 1..cores',
      value: chosenRate,
      unit: 'tok/s',
      baseline: best,
      ratio: chosenRate / best,
      note: `${cores} cores; chose ${chosen}, best ${bestThreads} (tok/s by threads: ${all}); target ≥ 0.9`,
    },
    {
      name: 'threads: library default vs engine choice',
      value: library.rate,
      unit: 'tok/s',
      baseline: chosenRate,
      ratio: library.rate / chosenRate,
      note: `node-llama-cpp default used ${library.actualThreads} threads on ${cores} cores (${GENERATED_DEFAULT} tokens/call)`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
