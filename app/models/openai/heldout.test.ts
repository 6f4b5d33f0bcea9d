// More scenarios of the same kinds as cases/*.scenario.json (cases/heldout/), in the shapes other real
// servers send: SGLang, vLLM, TGI, Ollama, OpenRouter, OpenAI, llama-server, Mistral (content parts), and
// proxies in front of them (Open WebUI, LiteLLM: "stop" on chunks that are not the last; a 200 body that
// is one JSON response or plain text instead of an event stream; another choice index beside ours). Each file carries the outcome a user must
// see in `expect`; the mock server ignores that field. Run through `proofwright verify --json`, as
// scenarios.test.ts does, and checked from the sample the user sees to the run record.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EXIT_NO_VERDICT } from '../../cli/verdicts';
import { replay, startServer, type Scenario, type TestServer } from './testServer';
import { evenProofWorkspace, verifyEven } from './scenarioRun';

/** What the user must get from one held-out scenario. */
interface Expect {
  status: 'parsed' | 'unparsed' | 'failed';
  /** The verdict, or null for none. */
  score: number | null;
  /** A pattern the sample's reason must match (no verdict only). */
  reason?: string;
  /** Request fields the run record must say were left out. */
  dropped?: string[];
  /** Refused fields sent again under another name (`max_tokens` → `max_completion_tokens`). */
  sentAs?: Record<string, string>;
  /** How many requests the scenario may cost (default 1: a refusal not overcome, an answer the server ended). */
  requests?: number;
  /** Instead of `requests`: at least this many (a wait that asks again until a time limit). */
  requestsAtLeast?: number;
  promptTokens?: number;
  completionTokens?: number;
  /** A pattern the recorded reasoning must match. */
  reasoning?: string;
  /** Text the sample's analysis must hold, exactly (characters cut across reads must come out whole). */
  analysis?: string;
  /** The run must take at least / at most this long (a Retry-After honoured; a long line read in linear time). */
  minMs?: number;
  maxMs?: number;
  /** HTTP methods of the requests in order (a redirected POST must never turn into a GET). */
  methods?: string[];
}

const HELDOUT = fileURLToPath(new URL('./cases/heldout/', import.meta.url));
const names = readdirSync(HELDOUT)
  .filter((f) => f.endsWith('.scenario.json'))
  .sort();
const dir = evenProofWorkspace('pw-heldout-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Runs `verify even.md --json` with `samples` samples against the scenario; returns what the user and the run record see. */
async function verifyAgainst(name: string, samples = 1) {
  const scenario = JSON.parse(readFileSync(join(HELDOUT, name), 'utf8')) as Scenario & { expect: Expect; env?: Record<string, string> };
  server = await startServer(replay(scenario));
  const started = performance.now();
  const run = await verifyEven(dir, server, samples, [], scenario.env);
  return { scenario, ms: performance.now() - started, ...run };
}

describe('openai backend: held-out server scenarios', () => {
  it('has at least 3 scenarios of every kind', () => {
    for (const kind of ['s1', 's2', 's4', 's5', 's6']) expect(names.filter((n) => n.startsWith(`${kind}-`)).length).toBeGreaterThanOrEqual(3);
  });

  it.each(names)('%s', async (name) => {
    const { scenario, code, out, stderr, calls, requests, methods, ms } = await verifyAgainst(name);
    const want = scenario.expect;
    const sample = out.samples[0];

    expect({ status: sample.status, score: sample.score ?? null, overall: out.score }).toEqual({ status: want.status, score: want.score, overall: want.score });
    expect(code).toBe(want.score === null ? EXIT_NO_VERDICT : 0);
    if (want.reason) expect(sample.reason).toMatch(new RegExp(want.reason));
    // The run record keeps the same outcome: a failed call with the reason, or a truncated one.
    if (want.status === 'failed') expect(calls[0]).toMatchObject({ status: 'failed', error: sample.reason });
    if (want.reason === 'truncated') expect(calls[0].finishReason).toBe('length');
    if (want.score === null) expect(stderr).toMatch(/no verdict/);
    // An answer that stopped inside its reasoning is said to be that, not "empty" or "cut off".
    if (want.reason === 'unclosed-think') expect(stderr).toMatch(/never left its reasoning/);
    if (want.promptTokens) expect(calls[0]).toMatchObject({ promptTokens: want.promptTokens, completionTokens: want.completionTokens });
    if (want.reasoning) expect(calls[0].output.reasoning).toMatch(new RegExp(want.reasoning));
    if (want.analysis) expect(sample.analysis).toContain(want.analysis);
    if (want.minMs) expect(ms).toBeGreaterThanOrEqual(want.minMs);
    if (want.maxMs) expect(ms).toBeLessThanOrEqual(want.maxMs);
    if (want.methods) expect(methods).toEqual(want.methods);
    if (want.dropped) {
      // Once with the field, once without: never more.
      expect(requests).toHaveLength(2);
      // The second request is the first without the refused fields (or with them under their new name), nothing else.
      const reshaped: Record<string, unknown> = { ...requests[0] };
      for (const field of want.dropped) delete reshaped[field];
      for (const [field, name] of Object.entries(want.sentAs ?? {})) reshaped[name] = requests[0][field];
      expect(requests[1]).toEqual(reshaped);
      // The user is told, and the run record says, which fields went.
      expect(stderr).toMatch(/note: the server refused/);
      for (const field of want.dropped) {
        expect(requests.map((r) => field in r)).toEqual([true, false]);
        expect(stderr).toContain(`\`${field}\``);
        expect(calls[0].adaptations.join('\n')).toContain(`\`${field}\``);
      }
    } else {
      // A refusal that names no field: at most one retry without the optional fields, never a loop. An
      // answer the server ended is no verdict at once: asking again would only wait through the backoff.
      if (want.requestsAtLeast) expect(requests.length).toBeGreaterThanOrEqual(want.requestsAtLeast);
      else expect(requests).toHaveLength(want.requests ?? 1);
    }
  });

  it('a refusal naming no field with 4 samples in flight: each call retried once without the optional fields, one note', async () => {
    const { code, out, stderr, calls, requests } = await verifyAgainst('s4-unnamed-extra-forbidden-once.scenario.json', 4);
    expect(code).toBe(0);
    expect(out.samples.map((s: { status: string; score: number }) => [s.status, s.score])).toEqual(Array(4).fill(['parsed', 1]));
    expect(requests.filter((r) => !('seed' in r))).toHaveLength(4);
    expect(requests.length).toBeLessThanOrEqual(8);
    expect(stderr.match(/note:/g)).toHaveLength(1);
    for (const call of calls) expect(call.adaptations).toEqual([expect.stringMatching(/refused a field without naming it .*`seed`/)]);
  });
});
