import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VerifyResult } from '../common/results';
import { createScriptedBackend } from '../models/scripted';
import { parseProof } from '../proof';
import { loadTemplates, type TemplateSet } from '../prompts';
import { RunStore } from '../store';
import { runBatch, type BatchEntry, type BatchItem, type BatchProgress } from './batch';

const ver = (score: string, finding = '') =>
  `Here is my evaluation of the solution:\n\n${finding}\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;

const SCORES = ['1', '0', '0.5', '1', '0'];
const PROOFS = SCORES.map((_, i) => `We start the argument PROOF-${i + 1}.\n\nThen the claim follows from step one.`);

let templates: TemplateSet;
let dir: string;
let scriptPath: string;

beforeAll(async () => {
  templates = await loadTemplates();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-batch-'));
  scriptPath = join(dir, 'script.json');
  const rules = SCORES.map((score, i) => ({
    role: 'verify',
    match: `PROOF-${i + 1}.`,
    responses: [{ text: ver(score, score === '1' ? '' : 'The step "Then the claim follows from step one." is not justified.'), delayMs: 5 }],
  }));
  await writeFile(scriptPath, JSON.stringify({ model: 'batch-test', rules }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const items: BatchItem[] = PROOFS.map((text, i) => ({ name: `proofs/p${i + 1}.md`, doc: parseProof(text, 'markdown'), problem: 'Show the claim.' }));

async function batch(workspace: string, opts: { abortAfter?: number; items?: BatchItem[]; jobs?: number; fresh?: boolean } = {}) {
  const backend = await createScriptedBackend(scriptPath);
  const store = await RunStore.open(workspace);
  const controller = new AbortController();
  const progress: BatchProgress[] = [];
  const outcome = await runBatch(opts.items ?? items, {
    ctx: {
      backend,
      templates,
      profile: 'deepseek-math-v2',
      store,
      signal: controller.signal,
      concurrency: 2,
      sampling: { temperature: 1, topP: 0.95, maxTokens: 2048, seed: 7 },
    },
    samples: 2,
    meta: false,
    jobs: opts.jobs ?? 1,
    fresh: opts.fresh,
    onProgress: (p) => {
      progress.push(p);
      if (opts.abortAfter !== undefined && p.done === opts.abortAfter) controller.abort();
    },
  });
  return { outcome, backend, store, progress };
}

/** The parts of a result a reader of the report sees (run ids and timings differ between runs). */
function visible(entry: BatchEntry) {
  const r = entry.result as VerifyResult;
  return {
    name: entry.name,
    score: r.score,
    spread: r.spread,
    samples: r.samples.map((s) => ({ status: s.status, score: s.score, analysis: s.analysis, findings: s.annotations.map((a) => [a.stepId, a.severity, a.message]) })),
    steps: r.steps.map((s) => [s.id, s.flags, s.confirmed]),
  };
}

describe('batch verification', () => {
  it('resumes an interrupted batch without verifying any finished proof again, with the same results', async () => {
    const full = await batch(join(dir, 'ws-full'));
    expect(full.outcome.cancelled).toBe(false);
    expect(full.outcome.entries.map((e) => e.result?.score)).toEqual([1, 0, 0.5, 1, 0]);
    expect(full.backend.requests).toHaveLength(10);

    const workspace = join(dir, 'ws-resumed');
    const first = await batch(workspace, { abortAfter: 2 });
    expect(first.outcome.cancelled).toBe(true);
    expect(first.outcome.entries.filter((e) => e.result && !e.error)).toHaveLength(2);
    expect(first.backend.requests).toHaveLength(4);

    const second = await batch(workspace);
    expect(second.outcome.cancelled).toBe(false);
    expect(second.outcome.entries.map((e) => e.reused)).toEqual([true, true, false, false, false]);
    // Only the three unfinished proofs reach the model, two samples each.
    expect(second.backend.requests).toHaveLength(6);
    const asked = second.backend.requests.map((r) => r.messages.at(-1)!.content.match(/PROOF-\d/)![0]);
    expect(new Set(asked)).toEqual(new Set(['PROOF-3', 'PROOF-4', 'PROOF-5']));

    expect(second.outcome.entries.map(visible)).toEqual(full.outcome.entries.map(visible));
    // Every proof has exactly one completed verification in the workspace.
    const completed = (await second.store.listRuns()).filter((r) => r.status === 'completed');
    expect(completed).toHaveLength(5);
  });

  it('reports progress with a count and an estimate', async () => {
    const { progress } = await batch(join(dir, 'ws'));
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.at(-1)).toMatchObject({ total: 5, reused: 0, failed: 0, etaMs: 0 });
    expect(progress[0].etaMs).not.toBeNull();
  });

  it('verifies identical submissions of one batch once: the copies take its result and name the file verified', async () => {
    // alice and carol handed in the same text, bob another. Two at a time: without the rule alice and
    // carol were verified side by side.
    const same = [
      { ...items[0], name: 'class/alice.md' },
      { ...items[1], name: 'class/bob.md' },
      { ...items[0], name: 'class/carol.md' },
    ];
    const workspace = join(dir, 'ws-twins');
    const first = await batch(workspace, { items: same, jobs: 2 });
    // Two samples of each of the two texts reach the model (was 3 × 2).
    expect(first.backend.requests).toHaveLength(4);
    expect(first.outcome.entries.map((e) => [e.name, e.reused, e.reusedFrom, e.result?.score])).toEqual([
      ['class/alice.md', false, undefined, 1],
      ['class/bob.md', false, undefined, 0],
      ['class/carol.md', true, 'class/alice.md', 1],
    ]);
    // carol's result is alice's run: one record holds the verify calls, two call lines.
    const [alice, , carol] = first.outcome.entries;
    expect(carol.result?.runId).toBe(alice.result?.runId);
    const runs = await first.store.listRuns();
    expect(runs).toHaveLength(2);
    expect((await first.store.loadRun(alice.result!.runId)).calls.map((c) => c.role)).toEqual(['verify', 'verify']);
    expect(first.progress.at(-1)).toMatchObject({ done: 3, total: 3, reused: 1 });

    // A rerun reads each back as reruns do: alice and bob from their own records, carol from alice's.
    const again = await batch(workspace, { items: same, jobs: 2 });
    expect(again.backend.requests).toHaveLength(0);
    expect(again.outcome.entries.map((e) => [e.name, e.reused, e.reusedFrom])).toEqual([
      ['class/alice.md', true, undefined],
      ['class/bob.md', true, undefined],
      ['class/carol.md', true, 'class/alice.md'],
    ]);
    // --fresh verifies every proof again, but still pays once for the two copies.
    const fresh = await batch(workspace, { items: same, jobs: 2, fresh: true });
    expect(fresh.backend.requests).toHaveLength(4);
    expect(fresh.outcome.entries.map((e) => e.reusedFrom)).toEqual([undefined, undefined, 'class/alice.md']);
  });

  it('verifies a copy itself when the first of them could not be verified (a failed call is not a result to copy)', async () => {
    await writeFile(scriptPath, JSON.stringify({ model: 'batch-test', rules: [{ role: 'verify', responses: [{ text: '', finishReason: 'error' }, ver('1')] }] }));
    const same = [{ ...items[0], name: 'a.md' }, { ...items[0], name: 'b.md' }];
    const { outcome, backend } = await batch(join(dir, 'ws-failed'), { items: same, jobs: 1 });
    // a's first sample failed: b is asked for its own two samples.
    expect(backend.requests).toHaveLength(4);
    expect(outcome.entries.map((e) => [e.name, e.reused])).toEqual([['a.md', false], ['b.md', false]]);
  });
});
