// A finished run's status in words, for History and `proofwright runs`: a run whose loop completed
// while some of its model calls failed is not a plain "completed" (the user would take its score at
// face value).

/** "completed", or "completed, 4 of 13 calls failed" when calls failed; other statuses as they are. */
export function runStatusWording(run: { status: string; calls: number; failedCalls?: number }): string {
  const failed = run.failedCalls ?? 0;
  if (failed === 0) return run.status;
  return `${run.status}, ${failed} of ${run.calls} call${run.calls === 1 ? '' : 's'} failed`;
}

/**
 * A backend spec (app/models/spec.ts) as History's model column shows it: the scheme and the file's name
 * (`scripted: demo.scripted.json`, `local: model.gguf`), a library name as it is, an OpenAI-compatible
 * model by its model name (`openai: deepseek-r1`); anything else unchanged. An absolute path wrapped
 * each row to two lines at 1280 px; the full spec goes in the cell's tooltip.
 */
export function shortModelName(spec: string): string {
  const m = /^(scripted|local|openai):(.+)$/s.exec(spec);
  if (!m) return spec;
  const [, scheme, rest] = m;
  if (scheme === 'openai') {
    const hash = rest.lastIndexOf('#');
    return hash >= 0 && hash < rest.length - 1 ? `openai: ${rest.slice(hash + 1)}` : spec;
  }
  const name = rest.replace(/^sample:/, '').split(/[\\/]/).pop() || rest;
  return `${scheme}: ${name}`;
}
