// `proofwright verify --backend openai:…` against a mock server replaying the wire format of real
// servers (cases/*.scenario.json, copied from the shared corpus): each case's expected outcome, from
// the exit code and JSON a user sees to the run record.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EXIT_NO_VERDICT } from '../../cli/verdicts';
import { replay, startServer, type Scenario, type TestServer } from './testServer';
import { evenProofWorkspace, verifyEven } from './scenarioRun';

const CASES = fileURLToPath(new URL('./cases/', import.meta.url));
const dir = evenProofWorkspace('pw-scenarios-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const scenario = (name: string): Scenario => JSON.parse(readFileSync(join(CASES, `${name}.scenario.json`), 'utf8'));

/** Runs `verify even.md --samples 1 --json` against the scenario; returns exit code, output, run record. */
async function verifyAgainst(name: string, samples = 1, extra: string[] = []) {
  server = await startServer(replay(scenario(name)));
  return verifyEven(dir, server, samples, extra);
}

describe('openai backend: real servers replayed', () => {
  it('s1: reasoning without an opening <think> still gives the verdict after </think>', async () => {
    const { code, out } = await verifyAgainst('s1-r1-no-open-think');
    expect(code).toBe(0);
    expect(out.score).toBe(1);
    expect(out.samples[0]).toMatchObject({ status: 'parsed', score: 1 });
  });

  it('s2: an answer vLLM aborted is no verdict, though its text has \\boxed{1}; the reason is recorded', async () => {
    const { code, out, stderr, calls } = await verifyAgainst('s2-vllm-abort');
    expect(code).toBe(EXIT_NO_VERDICT);
    expect(out.score).toBeNull();
    expect(out.samples[0].status).toBe('failed');
    expect(out.samples[0].reason).toMatch(/without completing it \(finish_reason "abort"\)/);
    expect(stderr).toMatch(/no verdict/);
    expect(calls[0]).toMatchObject({ status: 'failed', finishReason: 'incomplete', finishDetail: 'finish_reason "abort"' });
  });

  it('s4: a server that refuses `seed` (422) gets the request again without it; the record says so', async () => {
    const { code, out, stderr, calls, requests } = await verifyAgainst('s4-seed-rejected');
    expect(code).toBe(0);
    expect(stderr).toBe('proofwright: note: the server refused `seed`: sent without it (samples are not reproducible)\n');
    expect(out.score).toBe(1);
    expect(requests.map((r) => 'seed' in r)).toEqual([true, false]);
    expect(calls).toHaveLength(1);
    expect(calls[0].adaptations).toEqual([expect.stringMatching(/the server refused `seed`: sent without it/)]);
  });

  it('s4 with 4 samples in flight at once: every call is retried without `seed`, the note printed once', async () => {
    const { code, out, stderr, calls, requests } = await verifyAgainst('s4-seed-rejected', 4);
    expect(code).toBe(0);
    expect(out.samples.map((s: { status: string; score: number }) => [s.status, s.score])).toEqual(Array(4).fill(['parsed', 1]));
    expect(requests.filter((r) => !('seed' in r))).toHaveLength(4);
    for (const call of calls) expect(call.adaptations).toEqual([expect.stringMatching(/refused `seed`/)]);
    expect(stderr.match(/note:/g)).toHaveLength(1);
  });

  it('s4 with --no-seed: no seed is sent, so nothing is refused', async () => {
    const { code, out, stderr, calls, requests } = await verifyAgainst('s4-seed-rejected', 1, ['--no-seed']);
    expect(code).toBe(0);
    expect(out.score).toBe(1);
    expect(stderr).toBe('');
    expect(requests.map((r) => 'seed' in r)).toEqual([false]);
    expect(calls[0].params.seed).toBeUndefined();
    expect(calls[0].adaptations).toBeUndefined();
  });

  it("s5: Ollama's `reasoning` field, keep-alive comments and a usage-only chunk", async () => {
    const { code, out, calls } = await verifyAgainst('s5-ollama-reasoning-keepalive');
    expect(code).toBe(0);
    expect(out.samples[0]).toMatchObject({ status: 'parsed', score: 1 });
    expect(calls[0]).toMatchObject({ promptTokens: 400, completionTokens: 90 });
    expect(calls[0].output.reasoning).toMatch(/^The user wants a grade/);
  });

  it('s6: finish_reason "length" is a truncated answer, not the \\boxed{1} inside it', async () => {
    const { code, out, calls } = await verifyAgainst('s6-finish-length');
    expect(code).toBe(EXIT_NO_VERDICT);
    expect(out.score).toBeNull();
    expect(out.samples[0]).toMatchObject({ status: 'unparsed', reason: 'truncated' });
    expect(calls[0].finishReason).toBe('length');
  });
});
