// TEMPORARY SHIM until app/loop lands (runVerify / runProve / runRefine, see docs/ARCHITECTURE.md).
// Verify only: m independent verifier calls, each recorded to the run store as soon as it finishes,
// the score read from the last \boxed{}. Enough for the engine, serve mode and the crash test to be
// exercised end to end; app/engine/modules.ts switches to '../loop' when it exists.
import type { LoopEvent } from '../../common/events';
import type { ProofDocument } from '../../common/proof';
import type { Score, VerificationSample, VerifyResult } from '../../common/results';
import type { ModelBackend } from '../../models/backend';
import type { RunStore } from '../../store';

export interface ShimLoopContext {
  backend: ModelBackend;
  store?: RunStore;
  onEvent?: (event: LoopEvent) => void;
  signal?: AbortSignal;
  concurrency: number;
  sampling: { temperature: number; topP: number; maxTokens: number; seed?: number };
  documentPath?: string;
}

function lastBoxedScore(text: string): Score | null {
  const all = [...text.matchAll(/\\boxed\{\s*([01](?:\.5)?|\\frac\{1\}\{2\})\s*\}/g)];
  const raw = all.at(-1)?.[1];
  if (raw === undefined) return null;
  if (raw === '1') return 1;
  if (raw === '0') return 0;
  return 0.5;
}

export async function runVerify(ctx: ShimLoopContext, input: { problem: string; doc: ProofDocument; samples: number; meta: boolean }): Promise<VerifyResult> {
  const info = ctx.backend.info();
  const writer = await ctx.store?.createRun({
    kind: 'verify',
    params: { samples: input.samples, meta: input.meta, sampling: ctx.sampling },
    backend: { spec: info.spec, model: info.model, kind: info.kind },
    document: { path: ctx.documentPath, hash: String(input.doc.text.length) },
  });
  const runId = writer?.runId ?? `verify-${Date.now()}`;
  const emit = (event: LoopEvent) => ctx.onEvent?.(event);
  emit({ type: 'run-started', runId, kind: 'verify', plannedCalls: input.samples, at: Date.now() });
  const prompt = `Problem:\n${input.problem}\n\nProof:\n${input.doc.text}\n\nEvaluate the proof and give a score in \\boxed{}.`;
  const samples: VerificationSample[] = [];
  let next = 0;
  const worker = async () => {
    while (next < input.samples && !ctx.signal?.aborted) {
      const index = next++;
      const callId = `${runId}-v${index}`;
      const startedAt = new Date();
      emit({ type: 'call-started', runId, callId, role: 'verify', sample: index, at: Date.now() });
      try {
        const result = await ctx.backend.generate({
          messages: [{ role: 'user', content: prompt }],
          role: 'verify',
          ...ctx.sampling,
          signal: ctx.signal,
          onToken: (chunk) => emit({ type: 'call-token', runId, callId, text: chunk.text, reasoning: chunk.reasoning }),
        });
        const score = result.finishReason === 'stop' ? lastBoxedScore(result.text) : null;
        const status = score === null ? 'unparsed' : 'parsed';
        await writer?.appendCall({
          callId, role: 'verify', sample: index, params: ctx.sampling, backend: info.spec, model: info.model,
          output: { text: result.text, reasoning: result.reasoning }, finishReason: result.finishReason, status,
          completionTokens: result.completionTokens, promptTokens: result.promptTokens,
          timings: { startedAt: startedAt.toISOString(), totalMs: result.timings.totalMs },
        });
        samples.push({ index, callId, status, score, analysis: result.text, annotations: [] });
        emit({ type: 'call-finished', runId, callId, role: 'verify', status, score, completionTokens: result.completionTokens, totalMs: result.timings.totalMs });
      } catch (error) {
        const cancelled = ctx.signal?.aborted ?? false;
        samples.push({ index, callId, status: cancelled ? 'cancelled' : 'failed', score: null, analysis: '', annotations: [] });
        emit({ type: 'call-failed', runId, callId, role: 'verify', error: (error as Error).message, cancelled });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.concurrency, input.samples)) }, worker));
  const scores: number[] = samples.map((s) => s.score).filter((s): s is Score => s !== null);
  const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  const spread = scores.length
    ? { min: Math.min(...scores), max: Math.max(...scores), stdev: Math.sqrt(scores.reduce((a, s) => a + (s - mean!) ** 2, 0) / scores.length) }
    : null;
  const result: VerifyResult = {
    runId, score: mean, spread, parsedSamples: scores.length,
    samples: samples.sort((a, b) => a.index - b.index), steps: [], documentAnnotations: [],
  };
  const status = ctx.signal?.aborted ? 'cancelled' : 'completed';
  await writer?.finish({ status, calls: writer.calls, score: mean, result });
  emit({ type: 'run-finished', runId, status, verify: result, at: Date.now() });
  return result;
}
