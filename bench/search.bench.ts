// The search loop at the paper's scale, without the model: one step of the `released` preset (round 0
// generates 128 proofs and verifies each m = 64 times, then one refinement round refines the top 32
// and verifies each refinement 64 times: 128·65 + 32·65 = 10,400 calls) on an instant scripted backend,
// 64 calls at once. Every step goes through runProve: prompts, calls, parsing, finding placement,
// ranking, analysis selection, the run record (durable appends) and every loop event (each
// serialised to JSON, as the engine does to send it to the UI).
//
// 1. Per-call cost at scale vs the loop's own per-call floor (the headline; target ≤ 2, ideally ~1):
//      value    wall time of the released step / its calls;
//      baseline wall time / calls of a step 1/8 the size with the same m and concurrency (16 proofs,
//               top 4: 1,300 calls), measured in the same run: the loop's own overhead per call when
//               nothing is large. A ratio near 1 says nothing grows faster than the call count (the
//               pool, the ranking, the record, the events); well above 1 says something does.
// 2. The same step vs the model-free floor: exactly the same requests (captured from the step) sent
//    straight to an identical scripted backend at the same concurrency, token callbacks included and
//    nothing else. The scripted backend answers in microseconds, so this ratio is large by nature;
//    its note gives the loop's absolute overhead per call, (step − floor) / calls, to set against a
//    real model call (seconds).
// 3. As 2 without a run record, so the record's share can be read off.
//
// Verifications all score ½ so no proof passes and the refinement round always runs. Run alone:
// `npx tsx bench/search.bench.ts`; BENCH_QUICK=1 shrinks it to a smoke run (8 proofs, m = 8, top 4);
// BENCH_SEARCH=n,m,k,concurrency picks another size.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SEARCH_PRESETS, estimateSearchCalls, type SearchParams } from '../app/common/search';
import { runProve, type LoopContext } from '../app/loop';
import type { GenerateRequest } from '../app/models/backend';
import { ScriptedBackend } from '../app/models/scripted';
import { loadTemplates } from '../app/prompts';
import { RunStore } from '../app/store';
import { median, type BenchResult } from './types';

const quick = process.env.BENCH_QUICK === '1';

const verdict = (i: number) =>
  `Here is my evaluation of the solution:\n\nStep ${i}: the bound in the second paragraph is asserted without the estimate it needs; ` +
  `the case $n = 1$ is not treated. ${'The remaining steps follow from the lemma as stated. '.repeat(12)}\n\n` +
  `Based on my evaluation, the final overal score should be:\n\\boxed{0.5}`;
const proof = (i: number | string) =>
  `## Solution\n\nLet $n \\ge 1$. We argue by induction on $n$ (variant ${i}). ${'For the step, apply the lemma to $a_n$ and $a_{n+1}$ and compare. '.repeat(10)}` +
  `\n\nHence the claim.\n\n## Self Evaluation\n\n${verdict(0)}`;

function script(parallel: number) {
  const variants = (f: (i: number) => string, count = 4) => Array.from({ length: count }, (_, i) => f(i));
  // Every generation and refinement a different proof (up to 512 of each): equal proofs of a round are
  // one candidate and a refinement equal to a pool candidate is none, so repeats would make fewer calls.
  return {
    model: 'bench-instant',
    parallel,
    chunkChars: 64,
    rules: [
      { role: 'generate', exhausted: 'cycle', responses: variants((i) => proof(`g${i}`), 512) },
      { role: 'refine', exhausted: 'cycle', responses: variants((i) => proof(`r${i}`), 512) },
      { role: 'verify', exhausted: 'cycle', responses: variants(verdict) },
    ],
  } as const;
}

interface StepRun {
  ms: number;
  calls: number;
  events: number;
  requests: GenerateRequest[];
}

async function searchStep(params: SearchParams, concurrency: number, workspace: string | null): Promise<StepRun> {
  const backend = await ScriptedBackend.fromScript(script(concurrency));
  let events = 0;
  let bytes = 0;
  const ctx: LoopContext = {
    backend,
    templates: await loadTemplates(),
    profile: 'deepseek-math-v2',
    store: workspace ? await RunStore.open(workspace) : undefined,
    concurrency,
    sampling: { temperature: 1, topP: 0.95, maxTokens: 8192, seed: 1 },
    onEvent: (event) => {
      events++;
      bytes += JSON.stringify(event).length;
    },
  };
  const t = performance.now();
  const result = await runProve(ctx, { problem: 'Show that $a_n \\le 2^n$ for every $n \\ge 1$.', ...params, rounds: 1 });
  const ms = performance.now() - t;
  if (result.status !== 'exhausted' || bytes === 0) throw new Error(`search step ended ${result.status}; the bench expects no proof to pass`);
  return { ms, calls: result.calls, events, requests: backend.requests };
}

/** The same requests straight to a fresh identical backend, `concurrency` at a time: the floor. */
async function floor(requests: GenerateRequest[], concurrency: number): Promise<number> {
  const backend = await ScriptedBackend.fromScript(script(concurrency));
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const { signal: _signal, onToken: _onToken, ...request } = requests[next++];
      await backend.generate({ ...request, onToken: () => {} });
    }
  };
  const t = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - t;
}

export async function run(): Promise<BenchResult[]> {
  // BENCH_SEARCH=n,m,k,concurrency sets another size (e.g. to see how the overhead grows).
  const custom = process.env.BENCH_SEARCH?.split(',').map(Number);
  const params: SearchParams = custom
    ? { candidates: custom[0], samples: custom[1], rounds: 1, topK: custom[2] }
    : quick
      ? { candidates: 8, samples: 8, rounds: 1, topK: 4 }
      : { ...SEARCH_PRESETS.released, rounds: 1 };
  const concurrency = custom?.[3] ?? (quick ? 8 : 64);
  const dir = await mkdtemp(join(tmpdir(), 'pw-bench-search-'));
  try {
    // Warm-up, not measured: the first small steps of a process run 3–15× slower (JIT); the floor's
    // code is warm by the time it runs, so the loop must be too.
    for (let i = 0; i < 3; i++) {
      const warm = await searchStep({ candidates: 8, samples: 8, rounds: 1, topK: 4 }, 8, i % 2 ? null : join(dir, `warm${i}`));
      await floor(warm.requests, 8);
    }
    const recorded = await searchStep(params, concurrency, join(dir, 'recorded'));
    const expected = estimateSearchCalls(params).total;
    if (recorded.calls !== expected) throw new Error(`the step made ${recorded.calls} calls, the bound says ${expected}`);
    // 1/8 of the proofs (at least 2), same m and concurrency; the median of three (it is short).
    const small: SearchParams = { ...params, candidates: Math.max(2, params.candidates >> 3), topK: Math.max(1, params.topK >> 3) };
    const smallRuns: StepRun[] = [];
    for (let i = 0; i < 3; i++) smallRuns.push(await searchStep(small, concurrency, join(dir, `small${i}`)));
    const smallPerCall = median(smallRuns.map((r) => r.ms / r.calls));
    const unrecorded = await searchStep(params, concurrency, null);
    const floorMs = await floor(recorded.requests, concurrency);
    const perCall = (ms: number) => ((ms - floorMs) / recorded.calls).toFixed(3);
    const size = `n = ${params.candidates}, m = ${params.samples}, top ${params.topK}, 1 refinement round: ${recorded.calls} calls, ${concurrency} at once`;
    return [
      {
        name: 'search step (released preset, scripted): ms per call at scale vs at 1/8 the size',
        value: recorded.ms / recorded.calls,
        unit: 'ms',
        baseline: smallPerCall,
        ratio: recorded.ms / recorded.calls / smallPerCall,
        note: `${size}; baseline: n = ${small.candidates}, top ${small.topK}, ${smallRuns[0].calls} calls, median of 3; both recorded, with events`,
      },
      {
        name: 'search step (released preset, scripted): wall time vs the model-free floor',
        value: recorded.ms,
        unit: 'ms',
        baseline: floorMs,
        ratio: recorded.ms / floorMs,
        note: `${size}; loop overhead ${perCall(recorded.ms)} ms per call (record + ${recorded.events} events included); floor = same requests straight to the backend`,
      },
      {
        name: 'search step without a run record: wall time vs the same floor',
        value: unrecorded.ms,
        unit: 'ms',
        baseline: floorMs,
        ratio: unrecorded.ms / floorMs,
        note: `${size}; loop overhead ${perCall(unrecorded.ms)} ms per call without the record`,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit} vs ${r.baseline.toFixed(1)} (×${r.ratio.toFixed(2)}) — ${r.note}`);
}
