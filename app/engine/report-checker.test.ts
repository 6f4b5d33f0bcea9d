// The exported report (Export report in the app, `exportReport` in the engine) carries the
// deterministic checker's findings beside the verifier's, the same ones `proofwright verify --report`
// writes for the same file: real workspace files, the scripted verifier, the real engine and CLI.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../common/contract';
import type { LoopEvent } from '../common/events';
import { main } from '../cli/main';
import { captureIO } from '../cli/testing/capture-io';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

const PROOF = 'We expand the square:\n\n$$\n(x + 1)^2 = x^2 + 1\n$$\n\nso the claim follows, with $\\nosuchmacro{x}$ as usual.\n';
const verdict = 'Here is my evaluation of the solution:\n\nThe expansion is wrong.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{0}';

let ws: string;
let service: EngineService;
let engine: EngineApi;
const events: LoopEvent[] = [];

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'pw-report-checker-'));
  mkdirSync(join(ws, 'proofs'));
  writeFileSync(join(ws, 'proofs', 'square.md'), PROOF);
  writeFileSync(join(ws, 'proofs', 'square.problem.md'), 'Expand $(x + 1)^2$.');
  writeFileSync(join(ws, 'script.json'), JSON.stringify({ rules: [{ role: 'verify', responses: [verdict] }] }));
  ({ service, engine } = await startInProcessEngine({ workspace: ws, userData: join(ws, '.user') }, { loopEvent: (e) => void events.push(e) }));
});

afterAll(async () => {
  await service?.shutdown();
  rmSync(ws, { recursive: true, force: true });
});

/**
 * The findings listed in a report, as shown (one string per `<li class="finding …">`), the run's id
 * blanked: two runs of the same file (the app's, the CLI's) have two ids, and a verifier finding names its run.
 */
function findings(html: string): string[] {
  return [...html.matchAll(/<li class="finding[^"]*">([\s\S]*?)<\/li>/g)].map((m) => m[1].replace(/\b\d{8}T\d{6}Z-verify-[0-9a-z]+/g, 'RUN')).sort();
}

describe('exported report', () => {
  it("includes the checker's findings, the same as proofwright verify --report", async () => {
    await engine.setBackend({ spec: 'scripted:script.json' });
    const doc = await engine.openDocument({ path: 'proofs/square.md' });
    const { runId } = await engine.startVerify({ docId: doc.docId, samples: 1, meta: false });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'run-finished' && e.runId === runId)).toBe(true), { timeout: 30_000 });
    const { html } = await engine.exportReport({ docId: doc.docId, runId });
    // The header names the run it is of (after History › Show findings, an older one: rev21 F7).
    expect(html).toMatch(new RegExp(`<p class="settings">Generated [^<]* · run: ${runId} \\(started \\d{4}-\\d\\d-\\d\\dT[^)]*\\) · backend: `));
    // The wrong expansion with its counterexample, and the unknown macro: the checker's, not the model's.
    expect(html).toMatch(/Computation fails at <span class="katex">[\s\S]*<annotation encoding="application\/x-tex">\(x \+ 1\)\^2 = x\^2 \+ 1<\/annotation>/);
    expect(html).toContain('nosuchmacro');
    // The verifier's 0 names no defect that can be placed on a step: the report says so, in its words (rev19 F4).
    expect(html).toMatch(/Findings not tied to a step[\s\S]*Scored 0, no finding placed on a step: “The expansion is wrong\.”/);

    const cli = captureIO(ws);
    expect(await main(['verify', 'proofs/square.md', '--backend', 'scripted:script.json', '--samples', '1', '--report', 'cli-report.html'], cli)).toBe(0);
    const cliHtml = readFileSync(join(ws, 'cli-report.html'), 'utf8');
    expect(findings(html).filter((f) => f.includes('Computation fails'))).toHaveLength(1);
    expect(findings(html)).toEqual(findings(cliHtml));
  }, 90_000);
});
