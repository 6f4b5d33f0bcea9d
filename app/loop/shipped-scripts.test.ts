// Every shipped sample is answered by the shipped scripts that claim it, for Verify, Prove and Refine,
// under every prompt profile: a new sample (or a new script) without rules fails here, not in the app.
// Which samples a script claims: `samples.*` (the demo script) claims them all, `NAME.*` claims NAME
// (resources/samples/README.md).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptedBackend } from '../models/scripted';
import { formatFromPath, parseProof } from '../proof';
import { listSamples, loadSample, loadTemplates, SAMPLES_DIR, type TemplateSet } from '../prompts';
import { RunStore } from '../store';
import type { LoopContext } from './context';
import { runProve } from './prove';
import { runRefine } from './refine';
import { runVerify } from './verify';

const SCRIPTS_DIR = join(SAMPLES_DIR, 'scripts');
const PROFILES = ['labelled', 'deepseek-math-v2'] as const;

/** The samples a shipped script claims to answer, by its file name. */
function claimedSamples(script: string, samples: string[]): string[] {
  if (script.startsWith('samples.')) return samples;
  return samples.filter((s) => script.startsWith(`${s}.`));
}

let templates: TemplateSet;
let workspace: string;
let store: RunStore;
let samples: string[];
let scripts: string[];
beforeAll(async () => {
  templates = await loadTemplates();
  workspace = await mkdtemp(join(tmpdir(), 'pw-shipped-'));
  store = await RunStore.open(workspace);
  samples = await listSamples();
  scripts = (await readdir(SCRIPTS_DIR)).filter((f) => f.endsWith('.scripted.json')).sort();
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

async function context(script: string, profile: LoopContext['profile']): Promise<LoopContext> {
  return {
    backend: await createScriptedBackend(join(SCRIPTS_DIR, script)),
    templates,
    profile,
    store,
    concurrency: 4,
    sampling: { temperature: 1, topP: 0.95, maxTokens: 32768, seed: 1 },
  };
}

/** Each failed call of a run, with its error, as the record keeps it (empty when every call answered). */
async function failedCalls(runId: string): Promise<string[]> {
  const record = await store.loadRun(runId);
  return record.calls.filter((c) => c.status !== 'parsed').map((c) => `${c.role}: ${c.status} ${c.error ?? ''}`.trim());
}

describe('shipped scripts answer the shipped samples', () => {
  it('the demo script claims every sample, and every sample is claimed', () => {
    expect(samples.length).toBeGreaterThan(0);
    expect(scripts).toContain('samples.deepseek.scripted.json');
    for (const sample of samples) expect(claimedSamples('samples.deepseek.scripted.json', samples)).toContain(sample);
  });

  it('a script that claims several samples answers each problem with its own proof (generate and refine rules match the problem)', async () => {
    for (const script of scripts) {
      if (claimedSamples(script, samples).length < 2) continue;
      const json = JSON.parse(await readFile(join(SCRIPTS_DIR, script), 'utf8')) as { rules: { role?: string; match?: string; matchRegex?: string }[] };
      const unmatched = json.rules.filter((r) => (r.role === 'generate' || r.role === 'refine') && r.match === undefined && r.matchRegex === undefined);
      expect(unmatched, script).toEqual([]);
    }
  });

  it('every script, every sample it claims, every profile: Verify, Prove and Refine answer every call', async () => {
    const problems: string[] = [];
    for (const script of scripts) {
      for (const name of claimedSamples(script, samples)) {
        const sample = await loadSample(name);
        const doc = parseProof(sample.proof, formatFromPath(sample.proofPath));
        for (const profile of PROFILES) {
          const where = `${script} × ${name} × ${profile}`;
          const ctx = await context(script, profile);
          const verified = await runVerify(ctx, { problem: sample.problem, doc, samples: 2, meta: true });
          for (const f of await failedCalls(verified.runId)) problems.push(`${where} verify: ${f}`);
          if (verified.score === null) problems.push(`${where} verify: no verdict`);

          const proved = await runProve(await context(script, profile), { problem: sample.problem, candidates: 2, samples: 2, rounds: 1, topK: 1 });
          for (const f of await failedCalls(proved.runId)) problems.push(`${where} prove: ${f}`);
          if (proved.best === null) problems.push(`${where} prove: no candidate`);

          try {
            const analyses = verified.samples.map((s) => s.analysis ?? '').filter(Boolean);
            const refined = await runRefine(await context(script, profile), { problem: sample.problem, proof: sample.proof, doc, analyses });
            expect(refined.proof.length).toBeGreaterThan(0);
          } catch (error) {
            problems.push(`${where} refine: ${(error as Error).message}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
