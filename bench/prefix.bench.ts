// (b) m = 8 verifications of one ~1,500-token proof, each generating a fixed number of tokens:
//   - baseline: 8 sequential independent calls (raw node-llama-cpp LlamaChat, prompt evaluated each time)
//   - local backend, 8 sequences batched, prompt evaluated by every sequence
//   - local backend, 8 sequences batched + shared prefix (prompt evaluated once, state loaded by the rest)
// Target: batched + shared prefix ≤ 0.5 of sequential. Run alone: `npx tsx bench/prefix.bench.ts`.
import { pathToFileURL } from 'node:url';
import { createLocalBackend } from '../app/models/local';
import { getLlamaRuntime } from '../app/models/local/llama-runtime';
import { availableCores, chooseThreadCount, otherProcessesLoad } from '../app/models/local/threads';
import type { ChatMessage } from '../app/models/backend';
import { benchModelPath, chatTokens, proofMessages, quick, rawChatFromScratch, timed } from './inference-setup';
import type { BenchResult } from './types';

const M = 8;
// BENCH_QUICK: a shorter proof and fewer tokens, for a smoke run on a busy machine.
const PROMPT_TOKENS = quick ? 600 : 1500;
const GENERATED = quick ? 16 : 64;

async function batched(path: string, messages: ChatMessage[], threads: number, sharedPrefix: boolean) {
  const backend = await createLocalBackend(path, { parallel: M, threads, contextSize: 2048, sharedPrefix });
  try {
    const { ms, value } = await timed(() =>
      Promise.all(
        Array.from({ length: M }, (_, i) =>
          backend.generate({
            messages,
            role: 'verify',
            maxTokens: GENERATED,
            temperature: 0.7,
            topP: 1,
            seed: i,
            ...(sharedPrefix ? { sharedPrefixKey: 'proof' } : {}),
          }),
        ),
      ),
    );
    if (value.some((r) => r.completionTokens !== GENERATED)) throw new Error('a batched call stopped early');
    return { ms, stats: backend.stats() };
  } finally {
    await backend.dispose();
  }
}

export async function run(): Promise<BenchResult[]> {
  const path = benchModelPath();
  const threads = chooseThreadCount(availableCores(), await otherProcessesLoad());
  const llama = await getLlamaRuntime('auto');
  const model = await llama.loadModel({ modelPath: path });
  const messages = proofMessages(model, PROMPT_TOKENS);
  const promptTokens = chatTokens(model, messages).length;

  const context = await model.createContext({ contextSize: 2048, sequences: 1, threads });
  let sequentialMs: number;
  try {
    ({ ms: sequentialMs } = await timed(async () => {
      for (let i = 0; i < M; i++) {
        const generated = await rawChatFromScratch(context, messages, GENERATED, i);
        if (generated !== GENERATED) throw new Error('a sequential call stopped early');
      }
    }));
  } finally {
    await context.dispose();
    await model.dispose();
  }
  const plain = await batched(path, messages, threads, false);
  const shared = await batched(path, messages, threads, true);
  const setup = `m=${M} × (${promptTokens}-token prompt + ${GENERATED} generated), ${threads} threads`;
  return [
    {
      name: 'm=8: batched + shared prefix vs sequential',
      value: shared.ms / 1000,
      unit: 's',
      baseline: sequentialMs / 1000,
      ratio: shared.ms / sequentialMs,
      note: `${setup}; prompt evaluated ${shared.stats.prefixEvaluations}×, state loaded ${shared.stats.prefixLoads}×; target ≤ 0.5`,
    },
    {
      name: 'm=8: batched, no prefix sharing vs sequential',
      value: plain.ms / 1000,
      unit: 's',
      baseline: sequentialMs / 1000,
      ratio: plain.ms / sequentialMs,
      note: `${setup}; prompt evaluated ${plain.stats.prefixEvaluations}×`,
    },
    {
      name: 'm=8: batched + shared prefix vs batched without',
      value: shared.ms / 1000,
      unit: 's',
      baseline: plain.ms / 1000,
      ratio: shared.ms / plain.ms,
      note: setup,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
