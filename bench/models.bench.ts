// Model-library and openai-backend overheads, each against a baseline measured in the same run:
//  1. GGUF header read of llama.cpp's Qwen2 vocabulary file (151,936 tokens): our chunked reader vs
//     node-llama-cpp's readGgufFileInfo (ratio < 1: ours is faster).
//  2. Streaming 4,000 tokens from a local OpenAI-compatible server: the openai backend (SSE parsing,
//     think splitting, callbacks, retry bookkeeping) vs a bare fetch loop that only splits lines and
//     JSON-parses each event (ratio ≈ 1: the backend adds little).
// Run alone: `npx tsx bench/models.bench.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readGgufFileInfo } from 'node-llama-cpp';
import { readGgufHeader } from '../app/models/library/gguf';
import { vocabGguf } from '../app/models/library/testGguf';
import { createOpenAIBackend } from '../app/models/openai';
import { delta, sse, startServer, startStream } from '../app/models/openai/testServer';
import { median, type BenchResult } from './types';


async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Alternate the two sides so machine noise hits both alike. */
async function compare(a: () => Promise<unknown>, b: () => Promise<unknown>, rounds: number): Promise<[number, number]> {
  await a();
  await b();
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ta.push(await timeAsync(a));
    tb.push(await timeAsync(b));
  }
  return [median(ta), median(tb)];
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-models-'));
  try {
    const path = vocabGguf('qwen2', dir);
    const [ours, theirs] = await compare(
      () => readGgufHeader(path),
      () => readGgufFileInfo(path, { readTensorInfo: true }),
      7,
    );
    results.push({
      name: 'gguf header read (qwen2 vocab, 152k tokens)',
      value: round(ours, 1),
      unit: 'ms',
      baseline: round(theirs, 1),
      ratio: round(ours / theirs),
      note: "baseline: node-llama-cpp readGgufFileInfo; lower is better",
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const tokens = 4000;
  const body = [delta({ role: 'assistant', content: '' }), ...Array.from({ length: tokens }, (_, i) => delta({ content: ` t${i % 97}` })), delta({}, 'stop'), sse('[DONE]')].join('');
  const server = await startServer((_req, res) => {
    startStream(res);
    res.end(body);
  });
  try {
    const backend = createOpenAIBackend(server.url, 'bench', { env: {} });
    let seen = 0;
    const viaBackend = () =>
      backend.generate({ messages: [{ role: 'user', content: 'go' }], role: 'verify', maxTokens: tokens, temperature: 0, topP: 1, onToken: () => void seen++ });
    const bare = async () => {
      const response = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      const decoder = new TextDecoder();
      let buffer = '';
      let text = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
          text += JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? '';
        }
      }
      return text;
    };
    const [backendMs, bareMs] = await compare(viaBackend, bare, 9);
    results.push({
      name: `openai backend stream (${tokens} tokens, local server)`,
      value: round(tokens / (backendMs / 1000), 0),
      unit: 'tokens/s',
      baseline: round(tokens / (bareMs / 1000), 0),
      ratio: round(bareMs / backendMs),
      note: `baseline: bare fetch + line split + JSON.parse; ratio = backend throughput / baseline (1 = no overhead); ${seen} callbacks`,
    });
  } finally {
    await server.close();
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then((results) => {
    for (const r of results) console.log(`${r.name}: ${r.value} ${r.unit} (baseline ${r.baseline} ${r.unit}, ratio ${r.ratio})${r.note ? ` — ${r.note}` : ''}`);
  });
}
