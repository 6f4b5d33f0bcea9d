/* eslint-disable @typescript-eslint/no-explicit-any -- trace events and page handles are untyped */
// Where a keystroke's time goes in the workbench (issue 11): types 30 keys into a 20-line proof (or
// LINES=460) in Chromium through serve mode, records a devtools timeline trace and prints the time per
// trace event name (Commit, Layout, Paint, EventDispatch, …) and the medians keydown → preview DOM
// change and keydown → paint. A diagnostic, not a benchmark: `npx tsx bench/latency-trace.ts`.
import setupRenderer from '../e2e/global-setup';
import { launchChromium, makeWorkspace, startServe } from '../e2e/support';
import { caretAfterMarker, openSettled, proofWithMarker } from './latency-setup';
async function main() {
  setupRenderer();
  const proof = proofWithMarker(Number(process.env.LINES ?? 20));
  const ws = makeWorkspace({ 'small.md': proof });
  const server = await startServe({ workspace: ws.dir });
  const browser = await launchChromium();
  const page = browser.page;
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(server.openUrl);
  await page.getByTestId('connection').filter({ hasText: 'engine' }).waitFor({ timeout: 60_000 });
  await openSettled(page, 'small.md');
  await caretAfterMarker(page);
  await page.evaluate(() => {
    const p: any = { t0: 0, dom: [] as number[], paint: [] as number[] };
    (window as any).__p = p;
    window.addEventListener('keydown', (e) => { p.t0 = e.timeStamp; p.pending = true; }, { capture: true });
    new MutationObserver(() => {
      if (!p.pending) return; p.pending = false; const t0 = p.t0;
      p.dom.push(performance.now() - t0);
      requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => p.paint.push(performance.now() - t0); c.port2.postMessage(null); });
    }).observe(document.querySelector('[data-testid=preview]')!, { subtree: true, childList: true, characterData: true });
  });
  const cdp = await page.context().newCDPSession(page);
  const events: any[] = [];
  cdp.on('Tracing.dataCollected', (d: any) => events.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' } as any);
  for (let i = 0; i < 30; i++) { await page.keyboard.press('x'); await page.waitForTimeout(150); }
  await cdp.send('Tracing.end'); await done;
  const agg = new Map<string, { n: number; ms: number }>();
  for (const e of events) if (e.ph === 'X' && e.dur) { const a = agg.get(e.name) ?? { n: 0, ms: 0 }; a.n++; a.ms += e.dur / 1000; agg.set(e.name, a); }
  console.log('ms total, events, name (30 keys)');
  for (const [k, v] of [...agg.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(v.ms.toFixed(1).padStart(8), String(v.n).padStart(5), k);
  const p = await page.evaluate(() => (window as any).__p);
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log('keydown→DOM change median', med(p.dom).toFixed(1), 'ms; keydown→paint median', med(p.paint).toFixed(1), 'ms;', p.dom.length, 'keys');
  await browser.close(); await server.stop(); ws.remove();
}
void main();
