// A backend's measured speed, from the call records of earlier runs in the workspace: what the
// search estimate (app/common/search.ts) turns into a time.
import type { MeasuredSpeed } from '../common/search';
import type { RunStore } from './run-store';

/**
 * Mean call time by kind over the answered calls of the newest `maxRuns` runs made with `backendSpec`
 * (all null when there are none). Unreadable runs are skipped.
 */
export async function measureSpeed(store: RunStore, backendSpec: string, maxRuns = 5): Promise<MeasuredSpeed> {
  const runs = (await store.listRuns()).filter((r) => r.backend === backendSpec && r.calls > 0).slice(0, maxRuns);
  const sums = { proof: { ms: 0, n: 0 }, verify: { ms: 0, n: 0 } };
  let tokens = 0;
  let tokenMs = 0;
  for (const listing of runs) {
    const run = await store.loadRun(listing.runId).catch(() => null);
    for (const call of run?.calls ?? []) {
      if ((call.status !== 'parsed' && call.status !== 'unparsed') || !(call.timings?.totalMs > 0)) continue;
      const kind = call.role === 'generate' || call.role === 'refine' ? sums.proof : call.role === 'verify' ? sums.verify : null;
      if (kind) {
        kind.ms += call.timings.totalMs;
        kind.n++;
      }
      if (call.completionTokens) {
        tokens += call.completionTokens;
        tokenMs += call.timings.totalMs;
      }
    }
  }
  return {
    proofMs: sums.proof.n ? sums.proof.ms / sums.proof.n : null,
    verifyMs: sums.verify.n ? sums.verify.ms / sums.verify.n : null,
    tokensPerSecond: tokenMs > 0 ? (tokens * 1000) / tokenMs : null,
    calls: sums.proof.n + sums.verify.n,
  };
}
