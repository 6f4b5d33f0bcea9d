import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sseEvents, type SseEvent } from './sse';

async function events(parts: string[]): Promise<SseEvent[]> {
  const encoder = new TextEncoder();
  async function* source() {
    for (const part of parts) yield encoder.encode(part);
  }
  const out: SseEvent[] = [];
  for await (const event of sseEvents(source())) out.push(event);
  return out;
}

const collect = async (parts: string[]) => (await events(parts)).map((e) => e.data);

describe('sseEvents', () => {
  it('marks `event: error` events and llama-server `error:` lines as errors', async () => {
    const text = 'data: {"a":1}\n\nevent: error\ndata: {"message":"boom"}\n\nerror: {"code":500,"message":"bad"}\n\ndata: after\n\n';
    expect(await events([text])).toEqual([{ data: '{"a":1}' }, { data: '{"message":"boom"}', error: true }, { data: '{"code":500,"message":"bad"}', error: true }, { data: 'after' }]);
  });

  it('yields data payloads, ignoring comments and other fields', async () => {
    const text = ': keep-alive\n\nevent: message\ndata: {"a":1}\nid: 7\n\ndata:[DONE]\n\n';
    expect(await collect([text])).toEqual(['{"a":1}', '[DONE]']);
  });

  it('joins multi-line data and accepts CRLF and CR line ends', async () => {
    expect(await collect(['data: one\r\ndata: two\r\n\r\ndata: x\r\rdata: y\n\n'])).toEqual(['one\ntwo', 'x', 'y']);
  });

  it('yields a final event the server closed without a blank line', async () => {
    expect(await collect(['data: a\n\ndata: last'])).toEqual(['a', 'last']);
  });

  it('gives the same events however the bytes are chunked (multi-byte characters included)', async () => {
    const text = 'data: {"content":"∀ε>0 ∃δ"}\r\n\r\n: ping\n\ndata: b\ndata: c\n\ndata: [DONE]\n\n';
    const bytes = new TextEncoder().encode(text);
    const expected = ['{"content":"∀ε>0 ∃δ"}', 'b\nc', '[DONE]'];
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        async function* source() {
          for (let i = 0; i + 1 < points.length; i++) yield bytes.slice(points[i], points[i + 1]);
        }
        const out: string[] = [];
        for await (const event of sseEvents(source())) out.push(event.data);
        expect(out).toEqual(expected);
      }),
    );
  });

  it('reads a line of megabytes that comes in many small reads in linear time (a proxy re-streaming a whole answer as one event)', async () => {
    // 4 MB in 4 kB reads: re-joining and re-scanning the line on every read took ~15 s for 2 MB (quadratic).
    const content = 'x'.repeat(4 * 1024 * 1024);
    const text = `data: {"choices":[{"delta":{"content":"${content}"}}]}\n\ndata: [DONE]\n\n`;
    const parts: string[] = [];
    for (let k = 0; k < text.length; k += 4096) parts.push(text.slice(k, k + 4096));
    const started = performance.now();
    const out = await collect(parts);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(out).toHaveLength(2);
    expect(out[0].length).toBe(content.length + 38);
    expect(out[1]).toBe('[DONE]');
  });
});
