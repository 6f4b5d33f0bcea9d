// Would a preview in its own renderer process reach the keystroke-to-paint target (issue 11)? A
// prototype bench, not the product: the proof editor (as bench/latency-floor/ builds it) and the real
// preview code (PreviewRenderer + PreviewContent + the workbench's CSS) at the workbench's geometry,
// in three variants of one page (bench/latency-split/):
//   inline — the preview in the editor's document, fed the whole text from Monaco's change event (as
//            the workbench does);
//   same   — the preview document in a same-site iframe (same renderer process), fed each change's
//            edits by postMessage;
//   cross  — the same iframe served from the other loopback name (localhost ↔ 127.0.0.1): a different
//            site, so site isolation puts it in a renderer process of its own (checked below);
//   same-port, cross-port — as same and cross, the messages on a transferred MessagePort (a direct
//            pipe between the renderers) instead of window.postMessage (routed through the browser).
// Per key: keydown (main document) → paint of the preview block showing the typed text (probe in the
// preview's document, absolute clocks), and keydown → the editor's own paint (bench/latency-probe.ts).
// The variants alternate in ROUNDS rounds (order rotated each round) on both proofs, so they share the
// machine's load. A diagnostic, like bench/latency-options.ts:
//   npx tsx bench/latency-split.ts      KEYS=20 ROUNDS=3 LINES=460,20 VARIANTS=inline,same,cross,cross-port (also same-port) SHOTS=dir
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { launchChromium, REPO_ROOT } from '../e2e/support';
import { percentile } from './latency.bench';
import { caretAfterMarker, MARKER, proofWithMarker } from './latency-setup';
import { installProbe } from './latency-probe';
import { median } from './types';

const KEYS = Number(process.env.KEYS ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SIZES = (process.env.LINES ?? '460,20').split(',').map(Number);
type Variant = 'inline' | 'same' | 'cross' | 'same-port' | 'cross-port';
const VARIANTS = (process.env.VARIANTS ?? 'inline,same,cross,cross-port').split(',') as Variant[];
const DIST = join(REPO_ROOT, 'dist', 'latency-split');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2',
  '.woff': 'font/woff', '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.json': 'application/json',
};

/** A static server of dist/latency-split on 127.0.0.1 (reached as localhost too: the two sites). */
async function serveDist(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = normalize(join(DIST, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(DIST + sep) || !existsSync(path) || !statSync(path).isFile()) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

interface Sample {
  variant: Variant;
  lines: number;
  round: number;
  /** keydown → preview paint per key (key 0, cold code, left out), ms. */
  preview: number[];
  /** keydown → the edit handled in the preview's document / the preview's DOM changed, per key (key 0 left out), ms. */
  arrival: number[];
  /** keydown → Monaco's content-change event in the main document (where the edit is sent), per key (key 0 left out), ms. */
  sent: number[];
  mutation: number[];
  /** keydown → editor paint per key (key 0 left out), ms. */
  editor: number[];
  /** keydown → both painted (the later of the two paints; what a user sees whole), per key (key 0 left out), ms. */
  both: number[];
  missed: number;
  /** Long tasks > 50 ms while typing in the main document / the iframe's (ms). */
  longMain: number[];
  longFrame: number[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- page callbacks run in the browser against untyped handles */
async function openVariant(page: Page, port: number, variant: Variant, text: string): Promise<Frame> {
  await page.goto(`http://localhost:${port}/index.html?variant=${variant}&marker=${MARKER}`);
  await page.waitForFunction(() => !!(window as any).__pwSplit, undefined, { timeout: 60_000 });
  let frame = page.mainFrame();
  if (variant !== 'inline') {
    const deadline = Date.now() + 60_000;
    while (!page.frames().some((f) => f !== page.mainFrame() && f.url().includes('preview.html'))) {
      if (Date.now() > deadline) throw new Error('the preview iframe did not load');
      await page.waitForTimeout(50);
    }
    frame = page.frames().find((f) => f !== page.mainFrame() && f.url().includes('preview.html'))!;
    await frame.waitForLoadState('load');
    await frame.waitForFunction('!!document.querySelector("[data-testid=preview]")', undefined, { timeout: 60_000 });
  }
  await page.evaluate((t) => (window as any).__pwSplit.load(t), text);
  // Typeset whole (no block pending), then 2 s for Monaco's tokenizer and bracket pairs (as openSettled).
  await frame.waitForFunction(`(() => { const p = document.querySelector('[data-testid=preview]'); return !!p && p.textContent.includes(${JSON.stringify(MARKER)}) && !p.querySelector('.pw-pending'); })()`, undefined, { timeout: 120_000, polling: 250 });
  await page.waitForTimeout(2000);
  return frame;
}

async function measure(page: Page, port: number, variant: Variant, lines: number, round: number): Promise<Sample> {
  const text = proofWithMarker(lines);
  const frame = await openVariant(page, port, variant, text);
  await caretAfterMarker(page);
  await page.evaluate(installProbe, { marker: MARKER, watch: 'editor' as const });
  // The caret's jump and the preview's scroll settle before typing. The block typed into must be on
  // screen (one off screen is neither laid out nor painted): revealed again while it is not (rows
  // coming on screen take their real heights over several frames on a loaded machine).
  for (let attempt = 0; ; attempt++) {
    await page.evaluate(() => (window as any).__pwSplit.reveal());
    await page.waitForTimeout(1000);
    const onScreen = await frame.evaluate(`(() => { const p = document.querySelector('[data-testid=preview]').getBoundingClientRect();
      const row = [...document.querySelectorAll('[data-block-index]')].find((r) => r.textContent.includes(${JSON.stringify(MARKER)}));
      const b = row && row.getBoundingClientRect(); return !!b && b.top >= p.top - 1 && b.bottom <= p.bottom + 1; })()`);
    if (onScreen) break;
    if (attempt === 4) throw new Error(`${variant}, ${lines} lines: the preview block under the caret is not on screen`);
  }
  // SHOTS=dir: what each variant looks like before typing (first round), to check the layout by eye.
  if (process.env.SHOTS && round === 0) await page.screenshot({ path: join(process.env.SHOTS, `${variant}-${lines}.png`) });
  const typingFrom = await frame.evaluate('performance.timeOrigin + performance.now()') as number;
  let missed = 0;
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
    // No polling while the key is in flight (a requestAnimationFrame poll would make frames of its own).
    await page.waitForTimeout(120);
    const ok = await Promise.all([
      page.waitForFunction((n) => (window as any).__pwLatency.done > n, i, { timeout: 10_000, polling: 50 }),
      frame.waitForFunction(`window.__pwSplitPreview.done > ${i}`, undefined, { timeout: 10_000, polling: 50 }),
    ]).then(() => true, () => false);
    if (!ok) missed++;
    await page.waitForTimeout(30);
  }
  const editor = await page.evaluate(() => (window as any).__pwLatency as { latencies: (number | null)[]; longTasks: number[]; longTaskKeys: { key: number }[] });
  const preview = await frame.evaluate(`(() => { const p = window.__pwSplitPreview;
    return { latencies: p.latencies, arrivals: p.arrivals, mutations: p.mutations, longTasks: p.longTasks, text: p.text() }; })()`) as
    { latencies: (number | null)[]; arrivals: (number | null)[]; mutations: (number | null)[]; longTasks: [number, number][]; text: string };
  const sent = await page.evaluate(() => (window as any).__pwSplit.sent as (number | null)[]);
  const editorText = await page.evaluate(() => (window as any).__pwEditor.editor.getValue() as string);
  if (preview.text !== editorText) throw new Error(`${variant}: the preview's text is not the editor's after typing`);
  const nums = (xs: (number | null)[]) => xs.slice(1).filter((x): x is number => typeof x === 'number');
  const both = preview.latencies.map((p, i) => (typeof p === 'number' && typeof editor.latencies[i] === 'number' ? Math.max(p, editor.latencies[i]!) : null));
  return {
    variant, lines, round, missed, preview: nums(preview.latencies), arrival: nums(preview.arrivals), sent: nums(sent), mutation: nums(preview.mutations), editor: nums(editor.latencies), both: nums(both),
    longMain: editor.longTasks.filter((d, i) => d > 50 && editor.longTaskKeys[i].key >= 0),
    // Inline, the preview's document is the main one; in a same-site iframe it shares the main one's
    // thread and sees the same long tasks: counted once, in the main document.
    longFrame: !variant.startsWith('cross') ? [] : preview.longTasks.filter(([start, d]) => d > 50 && start >= typingFrom).map(([, d]) => d),
  };
}

/**
 * Is the preview iframe in a process of its own? (1) CDP: the page's session lists an 'iframe' target
 * only for an out-of-process frame; (2) behaviour: while the main document's thread spins for 300 ms, a
 * message loop in the iframe's document goes on only when it runs on another thread (process).
 */
async function processCheck(page: Page, port: number, variant: Variant): Promise<string> {
  const frame = await openVariant(page, port, variant, proofWithMarker(20));
  const cdp = await page.context().newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets') as { targetInfos: { type: string; url: string }[] };
  await cdp.detach();
  const iframes = targetInfos.filter((t) => t.type === 'iframe' && t.url.includes('preview.html')).map((t) => t.url.replace(/\?.*/, ''));
  await frame.evaluate(`(() => { const ticks = []; window.__ticks = ticks; const end = performance.now() + 1500; const ch = new MessageChannel();
    ch.port1.onmessage = () => { ticks.push(performance.timeOrigin + performance.now()); if (performance.now() < end) ch.port2.postMessage(null); }; ch.port2.postMessage(null); })()`);
  await page.waitForTimeout(100);
  const [start, end] = await page.evaluate(() => (window as any).__pwSplit.busy(300) as [number, number]);
  await page.waitForTimeout(1600);
  const during = await frame.evaluate(`window.__ticks.filter((t) => t > ${start + 20} && t < ${end - 20}).length`) as number;
  const clock = await page.evaluate(() => (window as any).__pwSplit.clockCheck(50) as Promise<{ lo: number; hi: number; rtt: number[] }>);
  return `${variant}: CDP iframe targets: ${iframes.length ? iframes.join(', ') : 'none'}; preview-document message-loop turns while the main thread spun 300 ms: ${during}` +
    `; clock: preview − main in [${clock.lo.toFixed(2)}, ${clock.hi.toFixed(2)}] ms (50 message round trips, median ${median(clock.rtt).toFixed(2)} ms, max ${Math.max(...clock.rtt).toFixed(2)})`;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

async function main() {
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'bench/latency-split/vite.config.ts'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const { server, port } = await serveDist();
  const browser = await launchChromium();
  const page = browser.page;
  await page.setViewportSize({ width: 1280, height: 720 });
  const samples: Sample[] = [];
  try {
    for (const variant of VARIANTS.filter((v) => v !== 'inline')) console.log(await processCheck(page, port, variant));
    for (let round = 0; round < ROUNDS; round++) {
      for (const lines of SIZES) {
        for (let j = 0; j < VARIANTS.length; j++) {
          const variant = VARIANTS[(j + round) % VARIANTS.length];
          const s = await measure(page, port, variant, lines, round);
          samples.push(s);
          console.log(`round ${round} ${lines} lines ${variant.padEnd(6)} preview ${median(s.preview).toFixed(2)} editor ${median(s.editor).toFixed(2)} ms (median of ${s.preview.length} / ${s.editor.length} keys${s.missed ? `, ${s.missed} missed` : ''})`);
        }
      }
    }
    for (const lines of SIZES) {
      for (const variant of VARIANTS) {
        const all = samples.filter((s) => s.variant === variant && s.lines === lines);
        const preview = all.flatMap((s) => s.preview);
        const editor = all.flatMap((s) => s.editor);
        const sent = all.flatMap((s) => s.sent);
        const both = all.flatMap((s) => s.both);
        const arrival = all.flatMap((s) => s.arrival);
        const mutation = all.flatMap((s) => s.mutation);
        const long = (xs: number[]) => (xs.length ? xs.map((x) => x.toFixed(0)).join(' ') : 'none');
        console.log(`${String(lines).padStart(3)} lines ${variant.padEnd(6)} preview median ${median(preview).toFixed(2)} p90 ${percentile(preview, 90).toFixed(2)} | editor median ${median(editor).toFixed(2)} p90 ${percentile(editor, 90).toFixed(2)}` +
          ` | both median ${median(both).toFixed(2)} p90 ${percentile(both, 90).toFixed(2)} ms` +
          ` | keydown → edit sent ${median(sent).toFixed(2)}, → handled in the preview document ${median(arrival).toFixed(2)}, → its DOM ${median(mutation).toFixed(2)}` +
          ` | ${preview.length} keys, missed ${all.reduce((n, s) => n + s.missed, 0)} | long tasks > 50 ms: main ${long(all.flatMap((s) => s.longMain))}${variant.startsWith('cross') ? `, iframe ${long(all.flatMap((s) => s.longFrame))}` : ''}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
}

void main();
