// End to end: `proofwright verify --backend openai:URL#MODEL` against a local OpenAI-compatible server
// that streams reasoning + a labelled verification, and drops the first connection mid-stream.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';
import { createBackend } from '../spec';
import { delta, sse, startServer, startStream, wait, writeStream } from './testServer';

const SAMPLES = fileURLToPath(new URL('../../../resources/samples/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pw-openai-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openai backend through the engine', () => {
  it('is what createBackend builds for openai:URL#MODEL', async () => {
    const server = await startServer((_req, res) => writeStream(res, ['hello']));
    try {
      const backend = await createBackend(`openai:${server.url}#some/model`);
      expect(backend.info()).toMatchObject({ kind: 'openai', model: 'some/model', spec: `openai:${server.url}#some/model` });
      const result = await backend.generate({ messages: [{ role: 'user', content: 'hi' }], role: 'verify', maxTokens: 8, temperature: 0, topP: 1 });
      expect(result.text).toBe('hello');
      expect(JSON.parse(server.requests[0].body).model).toBe('some/model');
    } finally {
      await server.close();
    }
  });

  it('verify --samples 3 scores the proof, retrying a dropped stream without a duplicate record', { timeout: 120_000 }, async () => {
    for (const f of ['cauchy-equation.md', 'cauchy-equation.problem.md']) copyFileSync(join(SAMPLES, f), join(dir, f));
    const answer = readFileSync(join(SAMPLES, 'outputs/cauchy-equation.labelled.verify.txt'), 'utf8');
    const server = await startServer(async (_req, res, _body, index) => {
      startStream(res);
      res.write(delta({ reasoning_content: 'Let me read each step. ' }));
      if (index === 0) {
        res.write(delta({ content: answer.slice(0, 40) }));
        await wait(20);
        return void res.socket?.destroy();
      }
      for (let i = 0; i < answer.length; i += 50) res.write(delta({ content: answer.slice(i, i + 50) }));
      res.write(delta({}, 'stop'));
      res.write(sse({ choices: [], usage: { prompt_tokens: 900, completion_tokens: 300 } }));
      res.end(sse('[DONE]'));
    });
    try {
      let stdout = '';
      let stderr = '';
      const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, cwd: dir, env: {} };
      const code = await main(['verify', 'cauchy-equation.md', '--backend', `openai:${server.url}#deepseek-math-v2`, '--profile', 'labelled', '--samples', '3', '--json'], io);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const out = JSON.parse(stdout);
      expect(out.score).toBe(0.5);
      expect(out.samples).toHaveLength(3);
      for (const sample of out.samples) expect(sample).toMatchObject({ status: 'parsed', score: 0.5 });
      expect(server.requests).toHaveLength(4); // 3 calls + 1 retry
      const record = readFileSync(join(dir, '.proofwright/runs', `${out.runId}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(record.map((l: { type: string }) => l.type)).toEqual(['header', 'call', 'call', 'call', 'summary']);
    } finally {
      await server.close();
    }
  });
});
