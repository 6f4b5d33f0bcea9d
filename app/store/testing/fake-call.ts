import type { CallRecord } from '../records';

/** A call record whose content is derived from its index, so a reader can check it byte for byte. */
export function fakeCall(n: number, bytes = 64): CallRecord {
  const text = `sample ${n}: ` + 'x'.repeat(bytes) + ` \\boxed{${n % 2}} ünïcødé`;
  return {
    callId: `c${n}`,
    role: 'verify',
    sample: n,
    params: { temperature: 1, topP: 0.95, maxTokens: 1000, seed: 42 + n },
    backend: 'scripted:x.json',
    model: 'x',
    output: { text },
    finishReason: 'stop',
    parsed: { status: 'parsed', score: n % 2 },
    status: 'parsed',
    timings: { startedAt: new Date(0).toISOString(), totalMs: n },
  };
}
