// The keystroke-to-paint probe the latency benches install in the page (bench/latency.bench.ts,
// bench/latency-paint.ts). Runs in the browser: passed to page.evaluate, so it must not use anything
// from its module (no imports, no named inner functions: tsx's name helpers do not exist in the page).
//
// Per key: from the keydown event's timestamp to the end of the first frame whose rendering comes
// after the watched DOM mutation (the typed text in the preview block under the caret, or in the
// editor's lines): that frame's style, layout, paint and commit run in one task, and the probe's
// figure is the start of a task right after it. Finding that frame:
// - The probe used to wait for the next requestAnimationFrame and post a message from there. That is
//   the right frame only when the mutation happens in an ordinary task (a React render in the key's
//   task). Monaco renders its lines INSIDE an animation-frame callback: that frame paints them, and a
//   requestAnimationFrame asked for there runs in the NEXT frame, so the editor alone measured one
//   whole frame (~16.7 ms idle) late (bench/README.md; bench/latency-paint.ts compares with a trace).
//   Chromium also dispatches queued input at the start of a frame, before its animation callbacks.
// - Now the mutation resizes a hidden 1-pixel sentinel, and a ResizeObserver on it hears of that in
//   the rendering steps of the first frame that lays it out (after layout, before paint): whether the
//   mutation came in a task, in an input event dispatched by the frame or in an animation callback.
//   From there the probe posts a user-blocking task, which runs after that frame's paint and commit
//   (ordinary tasks queued earlier, timers and socket messages, no longer delay the figure).
// A sentinel resized inside a ResizeObserver callback is reported one frame late: the figure then
// errs high, never low.

/* eslint-disable @typescript-eslint/no-explicit-any -- the page's own objects are untyped here */
/** Installs `window.__pwLatency` (latencies in ms per key, long tasks, key times; `marks` when `trace`). */
export function installProbe({ marker, watch, trace }: { marker: string; watch: 'preview' | 'editor'; trace?: boolean }): void {
  const probe = {
    pending: null as null | { t0: number; expect: string; key: number },
    typed: '',
    latencies: [] as number[],
    longTasks: [] as number[],
    longTaskKeys: [] as { key: number; after: number }[],
    keyTimes: [] as number[],
    done: 0,
    marks: {} as Record<string, number>,
    /** Called with the key's t0 when its mutation is seen (latency-paint.ts hangs the old probe here). */
    onShown: null as null | ((t0: number) => void),
  };
  (window as any).__pwLatency = probe;
  // The sentinel: fixed, invisible, its layout contained, so resizing it costs next to nothing.
  const sentinel = document.createElement('div');
  sentinel.style.cssText = 'position: fixed; left: 0; top: 0; width: 1px; height: 1px; visibility: hidden; pointer-events: none; contain: strict';
  document.body.append(sentinel);
  const afterFrame: (() => void)[] = [];
  new ResizeObserver(() => {
    for (const done of afterFrame.splice(0)) {
      const post = (globalThis as any).scheduler?.postTask;
      if (post) void post.call((globalThis as any).scheduler, done, { priority: 'user-blocking' });
      else { const channel = new MessageChannel(); channel.port1.onmessage = done; channel.port2.postMessage(null); }
    }
  }).observe(sentinel);
  window.addEventListener('keydown', (e) => {
    if (e.key.length !== 1) return;
    probe.typed += e.key;
    probe.keyTimes.push(e.timeStamp);
    // event.timeStamp: when the browser created the event, on performance.now()'s clock.
    probe.pending = { t0: e.timeStamp, expect: marker + probe.typed, key: probe.keyTimes.length - 1 };
  }, { capture: true });
  const target = document.querySelector(watch === 'editor' ? '.view-lines' : '[data-testid=preview]')!;
  new MutationObserver((records) => {
    const pending = probe.pending;
    if (!pending) return;
    const shown = watch === 'editor' ? (target.textContent ?? '').includes(pending.expect) : records.some((r) => {
      const node = r.target instanceof Element ? r.target : r.target.parentElement;
      const row = node?.closest('[data-block-index]') ?? (r.addedNodes[0] instanceof Element ? r.addedNodes[0].querySelector('[data-block-index]') ?? r.addedNodes[0] : null);
      return !!row && (row.textContent ?? '').includes(pending.expect);
    });
    if (!shown) return;
    probe.pending = null;
    if (trace) { performance.mark(`pw-mut-${pending.key}`); probe.marks[`pw-mut-${pending.key}`] = performance.now(); }
    probe.onShown?.(pending.t0);
    afterFrame.push(() => {
      probe.latencies[pending.key] = performance.now() - pending.t0;
      if (trace) { performance.mark(`pw-paint-${pending.key}`); probe.marks[`pw-paint-${pending.key}`] = performance.now(); }
      probe.done++;
    });
    sentinel.style.width = sentinel.style.width === '1px' ? '2px' : '1px';
  }).observe(target, { subtree: true, childList: true, characterData: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longTasks.push(entry.duration);
      // Which key it belongs to: the last keydown before the task ended (a keydown can be created
      // while a task runs, so its time may fall after the task's start).
      const end = entry.startTime + entry.duration;
      const key = probe.keyTimes.findLastIndex((t) => t <= end);
      probe.longTaskKeys.push({ key, after: key >= 0 ? entry.startTime - probe.keyTimes[key] : 0 });
    }
  }).observe({ type: 'longtask' });
}
