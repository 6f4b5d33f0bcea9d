/** Runs `job` when the browser is idle (requestIdleCallback, at most 2 s away; a timer where there is none). */
export function whenIdle(job: () => void): { cancel(): void } {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(job, { timeout: 2000 });
    return { cancel: () => cancelIdleCallback(id) };
  }
  const timer = setTimeout(job, 50);
  return { cancel: () => clearTimeout(timer) };
}
