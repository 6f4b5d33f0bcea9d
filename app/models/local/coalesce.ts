// Which concurrent calls one llama-server request can serve. llama-server's `n` (n_cmpl) evaluates a
// prompt once and copies its KV cache in memory to n-1 more slots, each child sampling with the
// parent's seed + 1, + 2, … (tools/server/server-task.h, add_child). So calls coalesce when they share
// a sharedPrefixKey and everything that shapes their sampling, and their seeds run consecutively from
// the first (or none is set: then every completion draws its own random seed).
import type { GenerateRequest } from '../backend';

/** The fields that must be equal for calls to share one request (the seed is checked apart). */
function sameRequestKey(request: GenerateRequest): string | undefined {
  if (request.sharedPrefixKey === undefined) return undefined;
  const { sharedPrefixKey, messages, maxTokens, temperature, topP, jsonSchema } = request;
  return JSON.stringify([sharedPrefixKey, messages, maxTokens, temperature, topP, jsonSchema ?? null]);
}

/**
 * Splits calls that arrived together (in arrival order) into groups of at most `max`, each of which
 * one request with n = group size serves: same key and request, seeds first, first + 1, … in order.
 * Calls without a sharedPrefixKey, and seeds out of run, get groups of their own.
 */
export function coalesceCalls<T extends { request: GenerateRequest }>(calls: readonly T[], max: number): T[][] {
  const groups: T[][] = [];
  const open = new Map<string, T[][]>();
  for (const call of calls) {
    const key = sameRequestKey(call.request);
    const candidates = key === undefined ? [] : (open.get(key) ?? []);
    const group = candidates.find((g) => g.length < max && continuesRun(g, call.request.seed));
    if (group) {
      group.push(call);
      continue;
    }
    const fresh = [call];
    groups.push(fresh);
    if (key !== undefined) open.set(key, [...candidates, fresh]);
  }
  return groups;
}

function continuesRun(group: readonly { request: GenerateRequest }[], seed: number | undefined): boolean {
  const first = group[0].request.seed;
  if (first === undefined || seed === undefined) return first === undefined && seed === undefined;
  return seed === first + group.length;
}
