// (a) Decode throughput through the local backend vs raw node-llama-cpp LlamaCompletion, same model,
// same threads, same prompt tokens, greedy, a fixed number of generated tokens per call.
// Target: ratio ≥ 0.97 (the engine adds nothing). Run alone: `npx tsx bench/decode.bench.ts`.
import { pathToFileURL } from 'node:url';
import { createLocalBackend } from '../app/models/local';
import { getLlamaRuntime } from '../app/models/local/llama-runtime';
import { availableCores, chooseThreadCount, otherProcessesLoad } from '../app/models/local/threads';
import { benchModelPath, chatTokens, quick, rawCompletionTimed, shortMessages } from './inference-setup';
import { median, type BenchResult } from './types';

const GENERATED = quick ? 16 : 64;

export async function run(): Promise<BenchResult[]> {
  const path = benchModelPath();
  const threads = chooseThreadCount(availableCores(), await otherProcessesLoad());
  const reps = quick ? 3 : 5;
  const llama = await getLlamaRuntime('auto');
  const model = await llama.loadModel({ modelPath: path });
  const context = await model.createContext({ contextSize: 2048, sequences: 1, threads });
  const backend = await createLocalBackend(path, { parallel: 1, threads, contextSize: 2048 });
  try {
    const raw: number[] = [];
    const engine: number[] = [];
    // Decode only (first token to last), so prompt evaluation and prefix reuse do not count.
    // Rep 0 is a warm-up for both. Alternating spreads any background load over both sides.
    for (let rep = 0; rep <= reps; rep++) {
      const messages = shortMessages(rep);
      const r = await rawCompletionTimed(context, chatTokens(model, messages), GENERATED);
      const e = await backend.generate({ messages, role: 'verify', maxTokens: GENERATED, temperature: 0, topP: 1 });
      if (r.generated !== GENERATED || e.completionTokens !== GENERATED) {
        throw new Error(`expected ${GENERATED} tokens per call, got raw ${r.generated}, local ${e.completionTokens}`);
      }
      if (rep === 0) continue;
      raw.push(((GENERATED - 1) * 1000) / r.decodeMs);
      engine.push(((GENERATED - 1) * 1000) / (e.timings.totalMs - (e.timings.firstTokenMs ?? 0)));
    }
    const value = median(engine);
    const baseline = median(raw);
    return [
      {
        name: 'decode: local backend vs raw LlamaCompletion',
        value,
        unit: 'tok/s',
        baseline,
        ratio: value / baseline,
        note: `${threads} threads, ${GENERATED} tokens/call, decode only (first to last token), median of ${reps}; target ≥ 0.97`,
      },
    ];
  } finally {
    await backend.dispose();
    await context.dispose();
    await model.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
