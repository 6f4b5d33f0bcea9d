// Loop and run-record overhead. (1) Recording: durable appends (one write + fsync per call record)
// against the same records written without fsync, in the same run — the price of crash safety per
// call. (2) Loop overhead: runVerify with m samples on an instant scripted backend, recorded, against
// the same m backend calls made directly; ratio = loop / direct per call. Lower is better for both.
// Run alone: `npx tsx bench/loop.bench.ts`.
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runVerify } from '../app/loop';
import { ScriptedBackend } from '../app/models/scripted';
import { parseProof } from '../app/proof';
import { loadTemplates } from '../app/prompts';
import { RunStore } from '../app/store';
import { fakeCall } from '../app/store/testing/fake-call';
import type { BenchResult } from './types';

const quick = process.env.BENCH_QUICK === '1';

async function recordBench(dir: string, calls: number): Promise<BenchResult> {
  const store = await RunStore.open(dir);
  const writer = await store.createRun({ kind: 'verify', params: {}, backend: { spec: 'bench', model: 'bench' } });
  let t = performance.now();
  for (let n = 0; n < calls; n++) await writer.appendCall(fakeCall(n, 2000));
  const durable = (performance.now() - t) / calls;
  await writer.finish({ status: 'completed', calls });

  const handle = await open(join(dir, 'plain.jsonl'), 'a');
  t = performance.now();
  for (let n = 0; n < calls; n++) await handle.write(JSON.stringify({ type: 'call', ...fakeCall(n, 2000) }) + '\n');
  const plain = (performance.now() - t) / calls;
  await handle.close();
  return {
    name: 'run record: ms per call record, fsync vs plain append',
    value: durable,
    unit: 'ms',
    baseline: plain,
    ratio: durable / plain,
    note: `${calls} records of ~2 KB; baseline appends without fsync`,
  };
}

async function loopBench(dir: string, samples: number): Promise<BenchResult> {
  const verdict = 'Here is my evaluation of the solution:\n\nFine.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}';
  const templates = await loadTemplates();
  const doc = parseProof('First step.\n\nSecond step, with $x = 1$.\n');
  const backend = await ScriptedBackend.fromScript({ parallel: 8, chunkChars: 64, rules: [{ responses: [verdict] }] });
  const request = { role: 'verify' as const, messages: [{ role: 'user' as const, content: 'x' }], maxTokens: 4096, temperature: 1, topP: 0.95 };
  let t = performance.now();
  await Promise.all(Array.from({ length: samples }, () => backend.generate(request)));
  const direct = (performance.now() - t) / samples;
  const store = await RunStore.open(dir);
  t = performance.now();
  await runVerify(
    { backend, templates, profile: 'deepseek-math-v2', store, concurrency: 8, sampling: { temperature: 1, topP: 0.95, maxTokens: 4096, seed: 0 } },
    { problem: 'Show it.', doc, samples, meta: false },
  );
  const loop = (performance.now() - t) / samples;
  return {
    name: 'runVerify: ms per sample (prompt, call, parse, place, record) vs direct backend call',
    value: loop,
    unit: 'ms',
    baseline: direct,
    ratio: loop / direct,
    note: `m = ${samples}, instant scripted backend, recorded with fsync`,
  };
}

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-bench-loop-'));
  try {
    return [await recordBench(dir, quick ? 50 : 300), await loopBench(dir, quick ? 16 : 64)];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) console.log(`${r.name}: ${r.value.toFixed(3)} ${r.unit} vs ${r.baseline.toFixed(3)} (×${r.ratio.toFixed(1)}) — ${r.note}`);
}
