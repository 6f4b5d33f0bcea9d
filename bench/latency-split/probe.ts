// The preview-paint probe of bench/latency-split.ts, in the PREVIEW's document (the main page's in
// the inline variant, the iframe's otherwise). The method of bench/latency-probe.ts (read its header):
// the watched mutation resizes a hidden sentinel, a ResizeObserver on it runs in the rendering steps of
// the first frame that lays it out, and a user-blocking task posted from there runs after that frame's
// paint and commit. The figure is that task's start minus the keydown's time. The keydown happened in
// the MAIN document: both times are absolute (performance.timeOrigin + performance.now() / the event's
// timeStamp), so the two documents' clocks can be compared (the runner checks how well they agree).

/** What the runner reads back (`window.__pwSplitPreview`). */
export interface PreviewProbe {
  /** Per key index: keydown → preview paint, ms (a hole where the block never showed the text). */
  latencies: (number | null)[];
  /** Per key: keydown → the edit reaching the preview's document (its message handled), ms. */
  arrivals: (number | null)[];
  /** Per key: keydown → the preview's DOM showing the text (React's commit seen by the MutationObserver), ms. */
  mutations: (number | null)[];
  /** Long tasks seen by this document while typing: [absolute start ms, duration ms]. */
  longTasks: [number, number][];
  done: number;
  /** Texts applied, for the runner's check that the preview's copy equals the editor's. */
  text: () => string;
}

declare global {
  interface Window { __pwSplitPreview?: PreviewProbe }
}

const now = () => performance.timeOrigin + performance.now();

/**
 * Installs the probe on `target` (the preview's scroller): returns `expectKey`, to be called when a
 * key is pressed (before its edit reaches the preview), and `arrived`, when its edit does.
 */
export function installPreviewProbe(target: Element, text: () => string): { expectKey: (key: number, t0: number, expect: string) => void; arrived: () => void } {
  const probe: PreviewProbe = { latencies: [], arrivals: [], mutations: [], longTasks: [], done: 0, text };
  window.__pwSplitPreview = probe;
  let pending: null | { key: number; t0: number; expect: string } = null;
  const sentinel = document.createElement('div');
  sentinel.style.cssText = 'position: fixed; left: 0; top: 0; width: 1px; height: 1px; visibility: hidden; pointer-events: none; contain: strict';
  document.body.append(sentinel);
  const afterFrame: (() => void)[] = [];
  const scheduler = (globalThis as unknown as { scheduler?: { postTask(job: () => void, options: { priority: string }): Promise<void> } }).scheduler;
  new ResizeObserver(() => {
    for (const done of afterFrame.splice(0)) {
      if (scheduler) void scheduler.postTask(done, { priority: 'user-blocking' });
      else { const channel = new MessageChannel(); channel.port1.onmessage = done; channel.port2.postMessage(null); }
    }
  }).observe(sentinel);
  new MutationObserver((records) => {
    const key = pending;
    if (!key) return;
    const shown = records.some((r) => {
      const node = r.target instanceof Element ? r.target : r.target.parentElement;
      const added = r.addedNodes[0];
      const row = node?.closest('[data-block-index]') ?? (added instanceof Element ? added.querySelector('[data-block-index]') ?? added : null);
      return !!row && (row.textContent ?? '').includes(key.expect);
    });
    if (!shown) return;
    pending = null;
    probe.mutations[key.key] = now() - key.t0;
    afterFrame.push(() => {
      probe.latencies[key.key] = now() - key.t0;
      probe.done++;
    });
    sentinel.style.width = sentinel.style.width === '1px' ? '2px' : '1px';
  }).observe(target, { subtree: true, childList: true, characterData: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push([performance.timeOrigin + entry.startTime, entry.duration]);
  }).observe({ type: 'longtask' });
  return {
    expectKey: (key, t0, expect) => { pending = { key, t0, expect }; },
    arrived: () => { if (pending && probe.arrivals[pending.key] == null) probe.arrivals[pending.key] = now() - pending.t0; },
  };
}
