/* eslint-disable @typescript-eslint/no-explicit-any -- trace events, CPU profiles and page handles are untyped */
// Where a keystroke's work goes, in figures that do not depend on the machine's load (issue 11): types
// KEYS letters into a proof (LINES, default 20; the latency bench's shape, caret in the middle) in
// Chromium through serve mode and reports, per key, from a devtools timeline trace and a CPU profile:
//   - Paint events and the area they cover (px², from each Paint's clip quad), by layer;
//   - Layout events, the objects they lay out (dirtyObjects) and the tree's size (totalObjects);
//     style recalc elements (UpdateLayoutTree's elementCount);
//   - compositor layers (LayerTree domain) at the end;
//   - bytes the engine sends and receives over the WebSocket per key;
//   - JS self time per key, split by where the code lives (our code, React, Monaco, KaTeX, zod…) and
//     the top functions: compare the split between LINES=20 and LINES=460 as a ratio;
//   - the key's own path in main-thread CPU time (tdur, little affected by load): the task that
//     handled the keydown and the first painting task after it (medians), and CPU per trace event name;
//   - main-thread tasks over 50 ms and what ran in them (top self-time functions inside);
//   - DOM mutation records per key by area (editor, preview block, findings column, panels…).
// A diagnostic, not a benchmark: `LINES=460 npx tsx bench/latency-structure.ts` (GPU=1: no
// --disable-gpu, SwiftShader GL as Chromium uses without a GPU; JSON=path: write the figures there;
// STYLE=css: add that style sheet before typing (try a CSS change without a build);
// CARET=traced: the caret's jump to the marker inside the trace (its long tasks get key -1);
// PROFILE=0: no CPU profile (task times as unprofiled); FIRST_KEYS=n: the tasks of the first n keys;
// COVERAGE=1: call counts per key of the bundle's functions, CALLS=regexp to pick names;
// RENDERER=dir: serve that build, e.g. one made with `npx vite build --minify false --outDir
// ../dist/renderer-diag` so the functions keep their names).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import setupRenderer from '../e2e/global-setup';
import { CHROMIUM_FLAGS, makeWorkspace, startServe, CHROMIUM_PATH } from '../e2e/support';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caretAfterMarker, openSettled, proofWithMarker } from './latency-setup';

const LINES = Number(process.env.LINES ?? 20);
const KEYS = Number(process.env.KEYS ?? 30);
const FLOOR = process.env.FLOOR === '1';

/** Area of a quad [x1,y1,…,x4,y4] (shoelace). */
function quadArea(q: number[] | undefined): number {
  if (!q || q.length < 8) return 0;
  let a = 0;
  for (let i = 0; i < 4; i++) {
    const j = (i + 1) % 4;
    a += q[2 * i] * q[2 * j + 1] - q[2 * j] * q[2 * i + 1];
  }
  return Math.abs(a) / 2;
}

function bucket(url: string, fn: string): string {
  if (!url) return fn === '(garbage collector)' ? 'gc' : fn.startsWith('(') ? fn : 'native/other';
  if (/monaco|editor\.main|vs\//i.test(url)) return 'monaco';
  if (/katex/i.test(url)) return 'katex';
  if (/react-dom|scheduler/i.test(url)) return 'react';
  if (/zod/i.test(url)) return 'zod';
  if (/zustand/i.test(url)) return 'zustand';
  return 'app';
}

/** Closes the browser and the server (also after a failure). */
let cleanup = async () => undefined as void;

async function main() {
  setupRenderer();
  const ws = makeWorkspace({ 'doc.md': proofWithMarker(LINES) });
  const server = await startServe({ workspace: ws.dir, rendererDir: FLOOR ? join(process.cwd(), 'dist', 'latency-floor') : process.env.RENDERER });
  const flags = process.env.GPU === '1'
    ? [...CHROMIUM_FLAGS.filter((f) => f !== '--disable-gpu'), '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--enable-gpu-rasterization']
    : CHROMIUM_FLAGS;
  const userDataDir = mkdtempSync(join(tmpdir(), 'pw-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: flags, viewport: { width: 1280, height: 720 } });
  const page = context.pages()[0] ?? (await context.newPage());
  cleanup = async () => {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
    await server.stop();
    ws.remove();
  };
  // Sourcemap-less production bundle: the vite chunk names say which library a function is in only
  // for separate chunks; for the main chunk the function names are what we have.
  await page.goto(server.openUrl);
  if (FLOOR) {
    // FLOOR=1: the editor-alone page (bench/latency-floor/, built by the latency bench), same proof.
    await page.waitForFunction(() => 'editor' in ((window as any).__pwEditor ?? {}), undefined, { timeout: 60_000 });
    await page.evaluate((text) => (window as any).__pwEditor.editor.setValue(text), proofWithMarker(LINES));
    await page.waitForTimeout(2000);
  } else {
    await page.getByTestId('connection').filter({ hasText: 'engine' }).waitFor({ timeout: 60_000 });
    await openSettled(page, 'doc.md');
  }
  // CARET=traced: put the caret (a jump to the middle of the proof) inside the trace, 1 s before the
  // first key, to see what that jump costs; by default it happens before tracing starts.
  const caretTraced = process.env.CARET === 'traced';
  if (!caretTraced) await caretAfterMarker(page);
  // STYLE=css: a style sheet added before typing, to try a CSS change (containment, layers) without a build.
  if (process.env.STYLE) await page.addStyleTag({ content: process.env.STYLE });
  await page.evaluate(() => {
    const longTasks: number[] = [];
    (window as any).__lt = longTasks;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); }).observe({ type: 'longtask' });
    // DOM mutation records by area (what re-renders per key, independent of the machine's load).
    const areas: [string, string][] = [['editor', '[data-testid=editor]'], ['preview block', '[data-testid=preview-block]'], ['findings column', '.pw-annotation-cell'],
      ['problems panel', '.pw-bottom'], ['toolbar', '.pw-toolbar'], ['problem pane', '.pw-problem-pane']];
    const mutations: Record<string, number> = {};
    (window as any).__mutations = mutations;
    (window as any).__countMutations = false;
    new MutationObserver((records) => {
      if (!(window as any).__countMutations) return;
      for (const r of records) {
        const el = r.target instanceof Element ? r.target : r.target.parentElement;
        const area = areas.find(([, sel]) => el?.closest(sel))?.[0]
          ?? `other ${el?.tagName.toLowerCase() ?? ''}${el?.id ? '#' + el.id : ''}.${String(el?.className ?? '').split(' ')[0]}${el?.getAttribute('aria-label') ? `[${el.getAttribute('aria-label')}]` : ''}`;
        const what = `${area} ${r.type === 'attributes' ? `@${r.attributeName}` : r.type}`;
        mutations[what] = (mutations[what] ?? 0) + 1;
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.waitForTimeout(500);

  const cdp = await context.newCDPSession(page);
  const wsBytes = { sent: 0, received: 0, sentFrames: 0, receivedFrames: 0, largest: 0 };
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketFrameSent', (e: any) => { wsBytes.sent += e.response.payloadData.length; wsBytes.sentFrames++; });
  cdp.on('Network.webSocketFrameReceived', (e: any) => {
    const n = e.response.payloadData.length;
    wsBytes.received += n; wsBytes.receivedFrames++; wsBytes.largest = Math.max(wsBytes.largest, n);
  });
  let layers: any[] = [];
  await cdp.send('LayerTree.enable');
  cdp.on('LayerTree.layerTreeDidChange', (e: any) => { if (e.layers) layers = e.layers; });
  // What each layer repainted: LayerTree's layerPainted carries the painted clip (the invalidated area).
  const layerPaints: { layerId: string; area: number }[] = [];
  let tracing = false;
  cdp.on('LayerTree.layerPainted', (e: any) => {
    if (tracing) layerPaints.push({ layerId: e.layerId, area: e.clip.width * e.clip.height });
  });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  // COVERAGE=1: V8's call counts per function while typing (exact, whatever the load): which
  // components render per key. Counting slows the page, so the times of such a run are not comparable.
  const coverage = process.env.COVERAGE === '1';
  if (coverage) await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  const events: any[] = [];
  cdp.on('Tracing.dataCollected', (d: any) => events.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    categories: `devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.frame${process.env.INVALIDATIONS === '1' ? ',disabled-by-default-devtools.timeline.invalidationTracking' : ''}`,
    transferMode: 'ReportEvents',
  } as any);
  if (coverage) await cdp.send('Profiler.takePreciseCoverage'); // resets the counts
  // PROFILE=0: no CPU profile (its sampling slows JS several times over): task times as in the bench.
  const profiling = process.env.PROFILE !== '0';
  if (profiling) await cdp.send('Profiler.start');
  tracing = true;
  if (caretTraced) {
    await caretAfterMarker(page);
    await page.waitForTimeout(1000);
  }
  await page.evaluate(() => { (window as any).__countMutations = true; });
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
    await page.waitForTimeout(150);
  }
  await page.waitForTimeout(500);
  tracing = false;
  const mutations = await page.evaluate(() => { (window as any).__countMutations = false; return (window as any).__mutations as Record<string, number>; });
  const calls = new Map<string, number>();
  if (coverage) {
    const { result } = (await cdp.send('Profiler.takePreciseCoverage')) as any;
    for (const script of result) {
      if (!/\/assets\/index-/.test(script.url)) continue;
      for (const fn of script.functions) {
        const count = fn.ranges[0]?.count ?? 0;
        if (count > 0 && fn.functionName) calls.set(fn.functionName, (calls.get(fn.functionName) ?? 0) + count);
      }
    }
  }
  const { profile } = profiling ? (await cdp.send('Profiler.stop')) as any : { profile: { nodes: [], samples: [], timeDeltas: [], startTime: 0 } };
  await cdp.send('Tracing.end');
  await done;
  if (process.env.RAW) writeFileSync(process.env.RAW, JSON.stringify({ events, layers, layerPaints, profile }));
  const longTasksSeen = await page.evaluate(() => (window as any).__lt as number[]);

  // The renderer's main thread: the one with the keydown EventDispatch.
  const keydowns = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
  const main = keydowns[0] ? { pid: keydowns[0].pid, tid: keydowns[0].tid } : null;
  if (!main) throw new Error('no keydown in the trace');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const inRenderer = events.filter((e) => e.pid === main.pid);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const keys = keydowns.length;

  const paints = inRenderer.filter((e) => e.name === 'Paint' && e.ph !== 'E');
  const paintByLayer = new Map<string, { n: number; area: number; maxArea: number }>();
  for (const p of paints) {
    const layer = String(p.args?.data?.layerId ?? '?') + (p.args?.data?.nodeId ? `/node${p.args.data.nodeId}` : '');
    const a = quadArea(p.args?.data?.clip);
    const s = paintByLayer.get(layer) ?? { n: 0, area: 0, maxArea: 0 };
    s.n++; s.area += a; s.maxArea = Math.max(s.maxArea, a);
    paintByLayer.set(layer, s);
  }
  const layouts = onMain.filter((e) => e.name === 'Layout' && e.ph === 'X');
  const styles = onMain.filter((e) => e.name === 'UpdateLayoutTree' && e.ph === 'X');
  const ms = (name: string) => sum(onMain.filter((e) => e.name === name && e.ph === 'X' && e.dur).map((e) => e.dur / 1000));
  // Thread CPU time (tdur): what the main thread itself spent, not the wall time a loaded machine
  // stretches; the figure to compare between runs made at different loads.
  const cpu = (name: string) => sum(onMain.filter((e) => e.name === name && e.ph === 'X' && e.tdur).map((e) => e.tdur / 1000));
  // The key's path: the task that handled the keydown (Monaco's typing, our store, React's render of
  // the preview) and the first task after it that paints (Monaco's frame, style, layout, paint, commit).
  const runTasks = onMain.filter((e) => e.name === 'RunTask' && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const paintTasks = new Set(onMain.filter((e) => e.name === 'Paint').map((p) => runTasks.find((t) => p.ts >= t.ts && p.ts <= t.ts + t.dur)).filter(Boolean));
  const keyPath = keydowns.map((k) => {
    const input = runTasks.find((t) => k.ts >= t.ts && k.ts <= t.ts + t.dur);
    const frame = input && runTasks.find((t) => t.ts >= input.ts + input.dur && paintTasks.has(t));
    return input && frame ? { input: (input.tdur ?? 0) / 1000, frame: (frame.tdur ?? 0) / 1000 } : null;
  }).filter((x): x is { input: number; frame: number } => x !== null);
  const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  // Where the key's path spends its CPU: trace events and sampled functions inside the keydown task
  // and the first painting task after it, per key (self time for events: children subtracted).
  const pathTasks = keydowns.flatMap((k) => {
    const input = runTasks.find((t) => k.ts >= t.ts && k.ts <= t.ts + t.dur);
    const frame = input && runTasks.find((t) => t.ts >= input.ts + input.dur && paintTasks.has(t));
    return [input ? { task: input, part: 'key' } : null, frame ? { task: frame, part: 'frame' } : null].filter((x): x is { task: any; part: string } => x !== null);
  });

  // Nodes behind the paints: resolve their DOM description for the largest ones.
  const nodeIds = [...new Set([...layers.map((l) => l.backendNodeId), ...paints.map((p) => p.args?.data?.nodeId)].filter(Boolean))].slice(0, 40);
  const describe: Record<string, string> = {};
  try {
    await cdp.send('DOM.getDocument', { depth: -1 });
    for (const id of nodeIds) {
      const { nodeIds: pushed } = (await cdp.send('DOM.pushNodesByBackendIdsToFrontend', { backendNodeIds: [id] })) as any;
      if (!pushed?.[0]) continue;
      const { node } = (await cdp.send('DOM.describeNode', { nodeId: pushed[0] })) as any;
      const cls = (node.attributes ?? []).reduce((acc: string, v: string, i: number, arr: string[]) => (arr[i - 1] === 'class' ? v : acc), '');
      const testid = (node.attributes ?? []).reduce((acc: string, v: string, i: number, arr: string[]) => (arr[i - 1] === 'data-testid' ? v : acc), '');
      describe[id] = `${node.nodeName.toLowerCase()}${cls ? '.' + cls.split(' ').slice(0, 3).join('.') : ''}${testid ? `[${testid}]` : ''}`;
    }
  } catch { /* node gone */ }

  // CPU profile: self time per function and per bucket (samples × interval).
  const nodes = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const self = new Map<number, number>();
  const times: number[] = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    times.push(t);
  }
  for (let i = 0; i < profile.samples.length - 1; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (times[i + 1] - times[i]) / 1000);
  const byFn = new Map<string, number>();
  const byBucket = new Map<string, number>();
  for (const [id, v] of self) {
    const n = nodes.get(id);
    const fn = n.callFrame.functionName || '(anonymous)';
    if (fn === '(idle)' || fn === '(program)') continue;
    const url = n.callFrame.url as string;
    const where = `${fn} ${url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
    byFn.set(where, (byFn.get(where) ?? 0) + v);
    const b = bucket(url, fn);
    byBucket.set(b, (byBucket.get(b) ?? 0) + v);
  }
  const jsTotal = sum([...byBucket.values()]);

  // RENDERER=dir (an unminified build): which module each line of the bundle comes from, by the
  // bundler's `// path/to/module.ts` comments, so the key's path can be split into Monaco, React, ours.
  const moduleAt = (() => {
    if (!process.env.RENDERER) return null;
    const dir = join(process.env.RENDERER, 'assets');
    const file = readdirSync(dir).find((f) => /^index-.*\.js$/.test(f));
    if (!file) return null;
    const starts: [number, string][] = [];
    readFileSync(join(dir, file), 'utf8').split('\n').forEach((l, i) => {
      const m = /^\/\/ (?:(?:\.\.\/)+[^/]+\/)?((?:node_modules|renderer|app)\/\S+)$/.exec(l); // node_modules may be a link to another checkout (../main/node_modules)
      if (m) starts.push([i, m[1].replace(/^node_modules\/(@[^/]+\/[^/]+|[^/]+)\/.*$/, '$1').replace(/^(renderer|app)\/(.*)\/[^/]+$/, '$1/$2')]);
    });
    return (line: number) => {
      let lo = 0, hi = starts.length - 1, found = '(before any module)';
      while (lo <= hi) { const mid = (lo + hi) >> 1; if (starts[mid][0] <= line) { found = starts[mid][1]; lo = mid + 1; } else hi = mid - 1; }
      return found;
    };
  })();
  // Call tree of the samples between two trace times: each sampled stack (root first) adds its time to
  // every frame on it; printed indented, children by time.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const callTree = (from: number, to: number): string[] => {
    interface Frame { ms: number; kids: Map<string, Frame> }
    const root: Frame = { ms: 0, kids: new Map() };
    for (let i = 0; i < profile.samples.length - 1; i++) {
      if (times[i] < from || times[i] > to) continue;
      const dt = (times[i + 1] - times[i]) / 1000;
      const stack: string[] = [];
      for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
        const f = nodes.get(id).callFrame;
        if (f.functionName === '(root)') continue;
        const where = moduleAt && String(f.url).includes('/assets/index-') ? moduleAt(f.lineNumber) : String(f.url).split('/').pop();
        stack.push(`${f.functionName || '(anon)'} ${where}:${f.lineNumber}`);
      }
      let at = root;
      at.ms += dt;
      for (const name of stack.reverse()) {
        const next = at.kids.get(name) ?? { ms: 0, kids: new Map() };
        at.kids.set(name, next);
        next.ms += dt;
        at = next;
      }
    }
    const min = Number(process.env.TREE_MIN ?? 2);
    const lines: string[] = [];
    const walk = (f: Frame, depth: number) => {
      for (const [name, kid] of [...f.kids].sort((a, b) => b[1].ms - a[1].ms)) {
        if (kid.ms < min) continue;
        lines.push(`${'  '.repeat(depth)}${kid.ms.toFixed(1)} ${name}`);
        walk(kid, depth + 1);
      }
    };
    walk(root, 0);
    return lines;
  };

  // Long tasks in the trace and the top functions sampled inside each.
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.dur > 50_000);
  const long = tasks.map((task) => {
    const inTask = new Map<string, number>();
    for (let i = 0; i < profile.samples.length - 1; i++) {
      if (times[i] < task.ts || times[i] > task.ts + task.dur) continue;
      const n = nodes.get(profile.samples[i]);
      const where = `${n.callFrame.functionName || '(anon)'} ${String(n.callFrame.url).split('/').pop()}:${n.callFrame.lineNumber}`;
      inTask.set(where, (inTask.get(where) ?? 0) + (times[i + 1] - times[i]) / 1000);
    }
    const children = onMain.filter((e) => e.ph === 'X' && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur && e !== task && e.dur > 2000)
      .map((e) => `${e.name}${e.args?.data?.type ? `(${e.args.data.type})` : ''}${e.args?.data?.functionName ? `(${e.args.data.functionName})` : ''} ${(e.dur / 1000).toFixed(1)}`);
    // The key it belongs to: the last keydown before the task ended (0-based), and the call tree of
    // the samples inside it (inclusive ms per frame, frames under TREE_MIN ms left out).
    const key = keydowns.filter((k) => k.ts <= task.ts + task.dur).length - 1;
    return {
      ms: task.dur / 1000, key, afterKeydownMs: key >= 0 ? Number(((task.ts - keydowns[key].ts) / 1000).toFixed(1)) : null,
      children: children.slice(0, 12), top: [...inTask].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v.toFixed(1)}`),
      callTree: callTree(task.ts, task.ts + task.dur),
    };
  });

  const pathModules = new Map<string, number>();
  const pathFns = new Map<string, number>();
  for (const { task, part } of pathTasks) {
    for (let i = 0; i < profile.samples.length - 1; i++) {
      if (times[i] < task.ts || times[i] > task.ts + task.dur) continue;
      const n = nodes.get(profile.samples[i]);
      const where = `${part} ${n.callFrame.functionName || '(anon)'} ${String(n.callFrame.url).split('/').pop()}:${n.callFrame.lineNumber}`;
      pathFns.set(where, (pathFns.get(where) ?? 0) + (times[i + 1] - times[i]) / 1000);
      const url = String(n.callFrame.url);
      const mod = url.includes('/assets/index-') && moduleAt ? moduleAt(n.callFrame.lineNumber) : url ? url.split('/').pop()! : n.callFrame.functionName || '(native)';
      pathModules.set(`${part} ${mod}`, (pathModules.get(`${part} ${mod}`) ?? 0) + (times[i + 1] - times[i]) / 1000);
    }
  }
  const pathEvents = new Map<string, number>();
  for (const { task, part } of pathTasks) {
    const inside = onMain.filter((e) => e.ph === 'X' && e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur);
    for (const e of inside) {
      const key = `${part} ${e.name}${e.args?.data?.type ? `(${e.args.data.type})` : ''}`;
      pathEvents.set(key, (pathEvents.get(key) ?? 0) + (e.tdur ?? 0) / 1000);
    }
  }
  const perKeyTop = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / keys).toFixed(2)} ms/key  ${k}`);

  const out = {
    keyPathEvents: perKeyTop(pathEvents, 30),
    keyPathFunctions: perKeyTop(pathFns, 40),
    keyPathModules: perKeyTop(pathModules, 30),
    lines: LINES, keys, gpu: process.env.GPU === '1',
    perKey: {
      paints: paints.length / keys,
      paintAreaPx2: Math.round(sum(paints.map((p) => quadArea(p.args?.data?.clip))) / keys),
      layouts: layouts.length / keys,
      layoutDirtyObjects: Math.round(sum(layouts.map((e) => e.args?.beginData?.dirtyObjects ?? 0)) / keys),
      layoutTotalObjects: Math.round(sum(layouts.map((e) => e.args?.beginData?.totalObjects ?? 0)) / keys),
      layoutRoots: sum(layouts.map((e) => e.args?.endData?.layoutRoots?.length ?? 0)) / keys,
      styleElements: Math.round(sum(styles.map((e) => e.args?.elementCount ?? 0)) / keys),
      wsBytesSent: Math.round(wsBytes.sent / keys),
      wsBytesReceived: Math.round(wsBytes.received / keys),
      wsFramesReceived: wsBytes.receivedFrames / keys,
      jsSelfMs: Number((jsTotal / keys).toFixed(2)),
      keyTaskCpuMsMedian: Number(medianOf(keyPath.map((k) => k.input)).toFixed(2)),
      frameTaskCpuMsMedian: Number(medianOf(keyPath.map((k) => k.frame)).toFixed(2)),
      traceCpuMs: Object.fromEntries(['Layout', 'Paint', 'UpdateLayoutTree', 'PrePaint', 'Layerize', 'Commit', 'FunctionCall', 'EventDispatch', 'FireAnimationFrame', 'HitTest', 'MinorGC']
        .map((n) => [n, Number((cpu(n) / keys).toFixed(2))])),
      traceMs: Object.fromEntries(['Layout', 'Paint', 'UpdateLayoutTree', 'PrePaint', 'Layerize', 'Commit', 'FunctionCall', 'EventDispatch', 'RunMicrotasks', 'ParseHTML', 'MinorGC', 'MajorGC']
        .map((n) => [n, Number((ms(n) / keys).toFixed(2))])),
    },
    domMutationsPerKey: Object.fromEntries(Object.entries(mutations).sort((a, b) => b[1] - a[1])
      .slice(0, 16).map(([k, n]) => [k, Number((n / keys).toFixed(2))])),
    callsPerKey: coverage ? Object.fromEntries([...calls].filter(([name]) => !process.env.CALLS || new RegExp(process.env.CALLS).test(name))
      .sort((a, b) => b[1] - a[1]).slice(0, 40).map(([name, n]) => [name, Number((n / keys).toFixed(2))])) : undefined,
    largestWsFrame: wsBytes.largest,
    layerPaintsPerKey: Number((layerPaints.length / keys).toFixed(2)),
    layerPaintAreaPerKey: Math.round(sum(layerPaints.map((l) => l.area)) / keys),
    layerPaintByLayer: Object.entries(layerPaints.reduce((acc: Record<string, number[]>, l) => {
      const layer = layers.find((x) => x.layerId === l.layerId);
      const k = `${l.layerId} ${layer ? `${layer.width}x${layer.height}` : ''} node${layer?.backendNodeId ?? ''}`;
      (acc[k] ??= [0, 0])[0]++; acc[k][1] += l.area; return acc;
    }, {})).map(([k, [n, a]]) => `${k}: ${(n / keys).toFixed(2)}/key, ${Math.round(a / keys)} px²/key`),
    rasterTasksPerKey: Number((events.filter((e) => e.name === 'RasterTask' && e.ph === 'X').length / keys).toFixed(2)),
    invalidations: Object.entries(events.filter((e) => /InvalidationTracking/.test(e.name)).reduce((acc: Record<string, number>, e) => {
      const d = e.args?.data ?? {};
      const k = `${e.name} ${d.reason ?? ''} ${d.nodeName ?? ''}`.slice(0, 120);
      acc[k] = (acc[k] ?? 0) + 1; return acc;
    }, {})).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOPINV ?? 25)).map(([k, n]) => `${(n / keys).toFixed(2)}/key ${k}`),
    layers: layers.length,
    layerList: layers.filter((l) => l.drawsContent).map((l) => `${Math.round(l.width)}x${Math.round(l.height)} paintCount ${l.paintCount} ${describe[l.backendNodeId] ?? l.backendNodeId ?? ''}`),
    drawnLayers: layers.filter((l) => l.drawsContent).length,
    paintByLayer: [...paintByLayer].sort((a, b) => b[1].area - a[1].area).slice(0, 10)
      .map(([k, v]) => ({ layer: k, what: describe[k.split('/node')[1]] ?? '', perKey: Number((v.n / keys).toFixed(2)), areaPerKey: Math.round(v.area / keys), maxArea: Math.round(v.maxArea) })),
    jsBuckets: Object.fromEntries([...byBucket].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Number((v / keys).toFixed(2))])),
    topFunctions: [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / keys).toFixed(2)} ms/key  ${k}`),
    longTasksObserved: longTasksSeen.map((d) => Math.round(d)),
    // The first keys' main-thread tasks over 3 ms until the next key: wall ms / thread CPU ms, start after the keydown.
    firstKeysTasks: keydowns.slice(0, Number(process.env.FIRST_KEYS ?? 3)).map((k, i) => runTasks
      .filter((t) => t.ts + t.dur >= k.ts && (i + 1 >= keydowns.length || t.ts < keydowns[i + 1].ts) && t.dur > 3000)
      .map((t) => `${(t.dur / 1000).toFixed(1)}/${((t.tdur ?? 0) / 1000).toFixed(1)} ms at +${((t.ts - k.ts) / 1000).toFixed(0)}: ${onMain.filter((e) => e.ph === 'X' && e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur && e.dur > 2000)
        .map((e) => `${e.name}${e.args?.data?.type ? `(${e.args.data.type})` : ''} ${(e.dur / 1000).toFixed(1)}`).slice(0, 8).join(', ')}`)),
    longTasks: long,
  };
  console.log(JSON.stringify(out, null, 2));
  if (process.env.JSON) writeFileSync(process.env.JSON, JSON.stringify(out, null, 2));
  await cleanup();
}
void main().catch(async (error) => {
  console.error(error);
  await cleanup();
  process.exit(1);
});
