/* eslint-disable @typescript-eslint/no-explicit-any -- trace events and page handles are untyped */
// Does the latency probe see the paint the browser did? (issue 11). Types keys into the editor-alone
// page (PAGE=floor) or the workbench (PAGE=workbench, LINES=20|460) under a Chromium trace and, per
// key, compares from the keydown's EventDispatch:
//   mut      the watched DOM mutation (a performance.mark in the MutationObserver callback)
//   paint    the end of the first main-thread frame (Paint … Commit) that begins after the mutation
//   draw     the compositor's next frame after that commit (DrawFrame / presentation)
//   old      the probe before this change: requestAnimationFrame → MessageChannel after the mutation
//   new      the probe now (bench/latency-probe.ts): a ResizeObserver hears of the first frame after it
//   et       the keydown's Event Timing duration (PerformanceEventTiming, ≥ 16 ms only, 8 ms steps)
// A diagnostic, not a benchmark: `npx tsx bench/latency-paint.ts` (KEYS=30).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import setupRenderer from '../e2e/global-setup';
import { launchChromium, makeWorkspace, REPO_ROOT, startServe } from '../e2e/support';
import { caretAfterMarker, MARKER, openSettled, proofWithMarker } from './latency-setup';
import { installProbe } from './latency-probe';

const PAGE = process.env.PAGE ?? 'workbench';
const LINES = Number(process.env.LINES ?? 20);
const KEYS = Number(process.env.KEYS ?? 30);

async function main() {
  const floor = PAGE === 'floor';
  if (floor) execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'bench/latency-floor/vite.config.ts'], { cwd: REPO_ROOT, stdio: 'inherit' });
  else setupRenderer();
  const ws = makeWorkspace({ 'p.md': proofWithMarker(LINES) });
  const server = await startServe({ workspace: ws.dir, rendererDir: floor ? join(REPO_ROOT, 'dist', 'latency-floor') : process.env.RENDERER });
  const browser = await launchChromium();
  const page = browser.page;
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(server.openUrl);
  if (floor) {
    await page.waitForFunction(() => 'editor' in ((window as any).__pwEditor ?? {}), undefined, { timeout: 60_000 });
    await page.evaluate((text) => (window as any).__pwEditor.editor.setValue(text), proofWithMarker(LINES));
    await page.waitForTimeout(2000);
  } else {
    await page.getByTestId('connection').filter({ hasText: 'engine' }).waitFor({ timeout: 60_000 });
    await openSettled(page, 'p.md');
  }
  await caretAfterMarker(page);
  await page.evaluate(installProbe, { marker: MARKER, watch: floor ? 'editor' as const : 'preview' as const, trace: true });
  // Old probe alongside, for the same keys.
  await page.evaluate(() => {
    const p: any = (window as any).__pwLatency;
    p.old = [] as number[];
    p.onShown = (t0: number) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => p.old.push(performance.now() - t0); c.port2.postMessage(null); });
    p.et = [] as { start: number; duration: number; ps: number; pe: number }[];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) if (e.name === 'keydown') p.et.push({ start: e.startTime, duration: e.duration, ps: e.processingStart, pe: e.processingEnd });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true } as any);
  });
  await page.waitForTimeout(1000);
  const cdp = await page.context().newCDPSession(page);
  const events: any[] = [];
  cdp.on('Tracing.dataCollected', (d: any) => events.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.frame,blink.user_timing,cc,viz,benchmark,rail',
    transferMode: 'ReportEvents',
  } as any);
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
    await page.waitForTimeout(150);
  }
  await page.waitForTimeout(300);
  await cdp.send('Tracing.end');
  await done;
  const p = await page.evaluate(() => { const q = (window as any).__pwLatency; return { keyTimes: q.keyTimes, latencies: q.latencies, old: q.old, et: q.et, marks: q.marks }; });
  await browser.close(); await server.stop(); ws.remove();

  // The page's clock → the trace's (µs): from the marks the probe set (name pw-mut-<key>).
  const markEvents = events.filter((e) => e.cat?.includes('blink.user_timing') && typeof e.name === 'string' && e.name.startsWith('pw-'));
  const mainTid = markEvents[0]?.tid;
  const pid = markEvents[0]?.pid;
  const offsets: number[] = [];
  for (const m of markEvents) {
    const at = p.marks[m.name];
    if (at !== undefined && (m.ph === 'R' || m.ph === 'I' || m.ph === 'n' || m.ph === 'b')) offsets.push(m.ts / 1000 - at);
  }
  offsets.sort((a, b) => a - b);
  const offset = offsets[Math.floor(offsets.length / 2)];
  const toPage = (ts: number) => ts / 1000 - offset;
  const main = events.filter((e) => e.pid === pid && e.tid === mainTid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const names = new Map<string, number>();
  for (const e of events) names.set(`${e.ph} ${e.name}`, (names.get(`${e.ph} ${e.name}`) ?? 0) + 1);
  if (process.env.NAMES) console.log([...names].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`).join('\n'));
  const keydowns = main.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
  const draws = events.filter((e) => e.name === 'DrawFrame' || (e.name === 'PipelineReporter' && e.ph === 'b')).map((e) => e.ts).sort((a, b) => a - b);
  const rows: string[] = [];
  const cols = { mut: [] as number[], paint: [] as number[], draw: [] as number[], old: [] as number[], now: [] as number[] };
  for (let k = 0; k < p.keyTimes.length; k++) {
    const t0 = p.keyTimes[k];
    const kd = keydowns.find((e) => Math.abs(toPage(e.ts) - t0) < 30);
    const mutAt = p.marks[`pw-mut-${k}`];
    if (mutAt === undefined) continue;
    const mutTs = (mutAt + offset) * 1000;
    // The frame whose rendering includes the mutation: the first Paint that starts after it, and the Commit that follows it.
    const paint = main.find((e) => e.name === 'Paint' && e.ts > mutTs);
    const commit = paint && main.find((e) => e.name === 'Commit' && e.ts >= paint.ts);
    const paintEnd = commit ? commit.ts + commit.dur : paint ? paint.ts + paint.dur : NaN;
    const draw = draws.find((ts) => ts >= paintEnd);
    const row = {
      kd: kd ? toPage(kd.ts) - t0 : NaN, mut: mutAt - t0, paint: toPage(paintEnd) - t0, draw: draw ? toPage(draw) - t0 : NaN,
      old: p.old[k] ?? NaN, now: p.latencies[k] ?? NaN,
      et: p.et.find((e: any) => Math.abs(e.start - t0) < 1)?.duration,
    };
    cols.mut.push(row.mut); cols.paint.push(row.paint); cols.draw.push(row.draw); cols.old.push(row.old); cols.now.push(row.now);
    // What the mutation ran inside: the innermost main-thread event enclosing its mark.
    const inside = main.filter((e) => e.ts <= mutTs && e.ts + e.dur >= mutTs && ['FireAnimationFrame', 'EventDispatch', 'FunctionCall', 'RunMicrotasks', 'TimerFire', 'ProxyMain::BeginMainFrame', 'ThreadControllerImpl::RunTask'].includes(e.name)).map((e) => e.name === 'EventDispatch' ? `Event:${e.args?.data?.type}` : e.name);
    rows.push(`${String(k).padStart(3)} ${[row.kd, row.mut, row.paint, row.draw, row.old, row.now].map((x) => x.toFixed(1).padStart(7)).join('')} ${String(row.et ?? '<16').padStart(4)} ${inside.join('>')}`);
  }
  if (process.env.DETAIL) {
    // Main-thread events (≥ 0.2 ms, depth ≤ 2 by nesting) from one key's keydown to its probe mark.
    for (const k of process.env.DETAIL.split(',').map(Number)) {
      const from = (p.keyTimes[k] + offset) * 1000;
      const to = ((p.marks[`pw-paint-${k}`] ?? p.keyTimes[k] + 100) + offset) * 1000;
      console.log(`--- key ${k}`);
      const open: number[] = [];
      for (const e of main) {
        if (e.ts < from - 2000 || e.ts > to + 1000) continue;
        while (open.length && open[open.length - 1] <= e.ts) open.pop();
        if (open.length <= Number(process.env.DEPTH ?? 3) && e.dur >= 200) console.log(`${((e.ts - from) / 1000).toFixed(1).padStart(7)} +${(e.dur / 1000).toFixed(1).padStart(5)} ${'  '.repeat(open.length)}${e.name}${e.name === 'EventDispatch' ? ':' + e.args?.data?.type : ''}${e.name === 'FunctionCall' || e.name === 'TimerFire' ? ` ${e.args?.data?.functionName ?? ''} ${String(e.args?.data?.url ?? '').split('/').pop()}:${e.args?.data?.lineNumber ?? ''}` : ''}`);
        open.push(e.ts + e.dur);
      }
      for (const [name, at] of Object.entries(p.marks as Record<string, number>)) if (name.endsWith(`-${k}`)) console.log(`${(at - p.keyTimes[k]).toFixed(1).padStart(7)} mark ${name}`);
    }
  }
  console.log(`${PAGE}${floor ? '' : ` ${LINES} lines`}: ms after the keydown's timeStamp (clock offset from ${offsets.length} marks, spread ${(offsets[offsets.length - 1] - offsets[0]).toFixed(2)} ms)`);
  console.log('key     kd    mut  paint   draw    old    new   et trace: mutation inside');
  if (process.env.ROWS) console.log(rows.join('\n'));
  const med = (a: number[]) => { const s = a.filter((x) => !Number.isNaN(x)).sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
  console.log('median      ' + ['mut', 'paint', 'draw', 'old', 'now'].map((c) => med((cols as any)[c]).toFixed(1).padStart(7)).join(''), `  et≥16 on ${p.et.length}/${p.keyTimes.length} keys`);
  // Are frames vsync-paced here? The wait from the end of the key's keypress dispatch to the next
  // frame's start, and from the end of the frame that painted the key to the start of the next one
  // (where the old probe's requestAnimationFrame ran).
  const frames = main.filter((e) => e.name === 'ProxyMain::BeginMainFrame');
  const keypresses = main.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keypress');
  const waitIn: number[] = [];
  const waitNext: number[] = [];
  for (let k = 0; k < p.keyTimes.length; k++) {
    const from = (p.keyTimes[k] + offset) * 1000;
    const press = keypresses.find((e) => e.ts >= from && e.ts < from + 50_000);
    const mutAt = p.marks[`pw-mut-${k}`];
    if (!press || mutAt === undefined) continue;
    const next = frames.find((f) => f.ts >= press.ts + press.dur);
    if (next) waitIn.push((next.ts - (press.ts + press.dur)) / 1000);
    const painted = frames.find((f) => f.ts + f.dur >= (mutAt + offset) * 1000);
    const after = painted && frames.find((f) => f.ts >= painted.ts + painted.dur);
    if (after) waitNext.push((after.ts - (painted.ts + painted.dur)) / 1000);
  }
  console.log(`frame start after the keypress task: median ${med(waitIn).toFixed(1)} ms (max ${Math.max(...waitIn).toFixed(1)}); next frame after the painting one: median ${med(waitNext).toFixed(1)} ms (max ${Math.max(...waitNext).toFixed(1)}), ${waitNext.length} keys`);
  const under = cols.now.filter((x, i) => x < cols.paint[i] - 0.05).length;
  console.log(`new probe below the trace's paint end on ${under} of ${cols.now.length} keys; old probe − paint median ${med(cols.old.map((x, i) => x - cols.paint[i])).toFixed(1)} ms, new − paint ${med(cols.now.map((x, i) => x - cols.paint[i])).toFixed(1)} ms`);
}
void main();
