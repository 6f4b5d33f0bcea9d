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

async function batch(workspace: string, opts: { abortAfter?: number } = {}) {
  const backend = await createScriptedBackend(scriptPath);
  const store = await RunStore.open(workspace);
  const controller = new AbortController();
  const progress: BatchProgress[] = [];
  const outcome = await runBatch(items, {
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
    jobs: 1,
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
});
