// Test helper (scenarios.test.ts, heldout.test.ts): `proofwright verify --json` on a one-line proof
// against a server replaying a scenario, and what a user and the run record then see.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../cli/io';
import { main } from '../../cli/main';
import type { TestServer } from './testServer';

/** A fresh temporary workspace holding `even.md` (a one-line proof) and its problem; the caller removes it. */
export function evenProofWorkspace(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'even.md'), 'Let $a = 2m$ and $b = 2n$. Then $a + b = 2(m+n)$, which is even.\n');
  writeFileSync(join(dir, 'even.problem.md'), 'Prove that the sum of two even integers is even.\n');
  return dir;
}

/**
 * Runs `verify even.md --samples N --json [extra]` in `dir` against `server`: the exit code, the JSON
 * output, stderr, the run record's `call` lines and the request bodies the server received. `env`: the
 * CLI's environment (a scenario's PROOFWRIGHT_LOAD_WAIT_S).
 */
export async function verifyEven(dir: string, server: TestServer, samples = 1, extra: string[] = [], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, cwd: dir, env };
  const code = await main(['verify', 'even.md', '--backend', `openai:${server.url}#m`, '--samples', String(samples), '--json', ...extra], io);
  const out = JSON.parse(stdout);
  const record = readFileSync(join(dir, '.proofwright/runs', `${out.runId}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const calls = record.filter((l: { type: string }) => l.type === 'call');
  return { code, out, stderr, calls, requests: server.requests.map((r) => (r.body ? JSON.parse(r.body) : {}) as Record<string, unknown>), methods: server.requests.map((r) => r.method) };
}
