// Keystroke-to-paint latency of the preview, measured in Chromium (not in Node): serve mode, the real
// workbench, a user's keys through CDP. Per key: from the keydown event's timestamp to the first paint
// after the preview block under the cursor shows the new text, for a 460-line proof and (baseline,
// same run) a 20-line one; plus the long tasks (PerformanceObserver 'longtask', > 50 ms) while typing.
//   npm run bench -- latency          BENCH_QUICK=1 for a smoke run (few keys)
//   npx tsx bench/latency.bench.ts     RENDERER=dir: another build of the workbench (before/after)
//
// "Paint" is the end of the first frame whose rendering comes after the DOM mutation (style, layout,
// paint and commit: bench/latency-probe.ts, checked against a Chromium trace by bench/latency-paint.ts).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import setupRenderer from '../e2e/global-setup';
import { chromiumAvailable, launchChromium, makeWorkspace, REPO_ROOT, startServe } from '../e2e/support';
import { caretAfterMarker, MARKER, openSettled, proofWithMarker } from './latency-setup';
import { installProbe } from './latency-probe';
import { median, type BenchResult } from './types';

const QUICK = process.env.BENCH_QUICK === '1';
const KEYS = QUICK ? 8 : 60;

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Typing {
  latencies: number[];
  /** Long tasks while typing, in ms. */
  longTasks: number[];
  /** Each long task's key: the index (0-based) of the last key pressed before it ended, and its start in ms after that key's keydown. */
  longTaskKeys: { key: number; after: number }[];
  /** Keys whose preview did not update within the wait (left out of the figures). */
  missed: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- page callbacks run in the browser against untyped handles */
/**
 * Puts the caret after MARKER, installs the probes, types `keys` letters one at a time (each once the
 * previous one is shown, then `pauseMs` later) and reads the figures. `watch` is what must show the
 * typed text: the workbench's preview block under the caret, or (editor-only floor page) the editor's
 * rendered lines. bench/paste-typing.bench.ts types with it too.
 */
export async function typeAndMeasure(page: Page, watch: 'preview' | 'editor' = 'preview', { keys = KEYS, pauseMs = 150 } = {}): Promise<Typing> {
  // STYLE=css (diagnostic): a style sheet added before typing, e.g. to see what a free preview paint would give.
  if (process.env.STYLE && watch === 'preview') await page.addStyleTag({ content: process.env.STYLE });
  // MOUSE=x,y (diagnostic): where the mouse rests while typing (by default where the last click left it).
  if (process.env.MOUSE) { const [x, y] = process.env.MOUSE.split(',').map(Number); await page.mouse.move(x, y); }
  await caretAfterMarker(page);
  await page.evaluate(installProbe, { marker: MARKER, watch });

  // The caret's jump to the marker (the middle of the 460-line proof) scrolls the editor and the
  // preview; their frames and the rows coming on screen are laid out in the next ~second. That is not
  // typing: it settles first, and its long tasks (key -1) are reported apart.
  await page.waitForTimeout(1000);
  let missed = 0;
  for (let i = 0; i < keys; i++) {
    const before = await page.evaluate(() => (window as any).__pwLatency.done as number);
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
    const ok = await page
      .waitForFunction((n) => (window as any).__pwLatency.done > n, before, { timeout: 10_000, polling: 'raf' })
      .then(() => true, () => false);
    if (!ok) missed++;
    // A typist's pace (~150 ms a key), so one key's work does not pile onto the next one's figure.
    await page.waitForTimeout(pauseMs);
  }
  const probe = await page.evaluate(() => (window as any).__pwLatency as { latencies: (number | null)[]; longTasks: number[]; longTaskKeys: { key: number; after: number }[] });
  // Indexed by key: a key that never reached the preview is a hole (null once serialised).
  return { latencies: probe.latencies.filter((x): x is number => typeof x === 'number'), longTasks: probe.longTasks, longTaskKeys: probe.longTaskKeys, missed };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Each long task (> 50 ms) as "duration@key<i>+<ms after its keydown>", those while typing or those before the first key (key -1). */
function longList(t: Typing, typing: boolean): string[] {
  return t.longTasks.map((d, i) => ({ d, k: t.longTaskKeys[i] })).filter(({ d, k }) => d > 50 && (k.key >= 0) === typing)
    .map(({ d, k }) => `${d.toFixed(0)}@key${k.key}${k.after >= 0 ? '+' : ''}${k.after.toFixed(0)}`);
}

/** A typing's figures: median and p90 keystroke→paint (ms), the longest task while typing, the long tasks while typing and before it. */
export function typingFigures(t: Typing) {
  return {
    med: median(t.latencies), p90: percentile(t.latencies, 90),
    maxLong: Math.max(0, ...t.longTasks.filter((_, i) => t.longTaskKeys[i].key >= 0)), long: longList(t, true), beforeTyping: longList(t, false),
  };
}

async function openAndType(page: Page, file: string): Promise<Typing> {
  await openSettled(page, file);
  return typeAndMeasure(page);
}

/**
 * The floor: the same keys into the proof editor alone (bench/latency-floor/: Monaco with the
 * workbench's language and options, nothing else), on the 20-line proof, through serve mode's static
 * files in a page of the same size. What the workbench adds on top of its editor is the difference.
 */
async function editorOnly(page: Page): Promise<Typing> {
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'bench/latency-floor/vite.config.ts'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const ws = makeWorkspace({});
  const server = await startServe({ workspace: ws.dir, rendererDir: join(REPO_ROOT, 'dist', 'latency-floor') });
  try {
    await page.goto(server.openUrl);
    await page.waitForFunction(() => 'editor' in ((window as any).__pwEditor ?? {}), undefined, { timeout: 60_000 }); // eslint-disable-line @typescript-eslint/no-explicit-any
    await page.evaluate((text) => (window as any).__pwEditor.editor.setValue(text), proofWithMarker(20)); // eslint-disable-line @typescript-eslint/no-explicit-any
    await page.waitForTimeout(2000); // Monaco's tokenizer and bracket pairs settle, as openSettled waits
    return await typeAndMeasure(page, 'editor');
  } finally {
    await server.stop();
    ws.remove();
  }
}

export async function run(): Promise<BenchResult[]> {
  if (!chromiumAvailable()) throw new Error('Chromium is needed (/usr/bin/chromium or PROOFWRIGHT_CHROMIUM)');
  setupRenderer(); // builds dist/renderer when the sources are newer
  const ws = makeWorkspace({ 'big.md': proofWithMarker(460), 'small.md': proofWithMarker(20) });
  // RENDERER=dir: serve that build of the workbench instead (e.g. an earlier commit's, for a before/after).
  const server = await startServe({ workspace: ws.dir, rendererDir: process.env.RENDERER });
  const browser = await launchChromium();
  try {
    const page = browser.page;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(server.openUrl);
    await page.getByTestId('connection').filter({ hasText: 'engine' }).waitFor({ timeout: 60_000 });
    // Each proof in a fresh page load, so one's probes and caches do not touch the other's figures.
    const small = await openAndType(page, 'small.md');
    // Saved, so the reload finds no unsaved work to offer back.
    await page.keyboard.press('Control+S');
    await page.getByTestId('docname').filter({ hasNotText: '•' }).waitFor({ timeout: 60_000 });
    await page.reload();
    await page.getByTestId('connection').filter({ hasText: 'engine' }).waitFor({ timeout: 60_000 });
    const big = await openAndType(page, 'big.md');
    if (big.latencies.length === 0 || small.latencies.length === 0) throw new Error(`no key reached the preview (missed ${big.missed} + ${small.missed})`);
    const floor = await editorOnly(page);
    if (floor.latencies.length === 0) throw new Error(`no key reached the editor-only page's lines (missed ${floor.missed})`);

    const b = typingFigures(big);
    const s = typingFigures(small);
    const f = typingFigures(floor);
    const round = (x: number) => Number(x.toFixed(2));
    const keys = (t: Typing) => `${t.latencies.length} keys${t.missed ? ` (${t.missed} did not reach the preview within 10 s)` : ''}`;
    return [
      {
        name: 'keystroke→paint, 460-line proof (median)', value: round(b.med), unit: 'ms', baseline: round(s.med), ratio: round(b.med / s.med),
        note: `${keys(big)}; baseline = the same on a 20-line proof (${keys(small)}); target < 16 ms idle`,
      },
      {
        name: 'keystroke→paint, 460-line proof (p90)', value: round(b.p90), unit: 'ms', baseline: round(s.p90), ratio: round(b.p90 / s.p90),
        note: 'baseline = p90 on the 20-line proof',
      },
      {
        name: 'keystroke→paint, 20-line proof (median) vs the editor alone', value: round(s.med), unit: 'ms', baseline: round(f.med), ratio: round(s.med / f.med),
        note: `baseline = the proof editor alone (Monaco with the workbench's options, no preview/store/engine: bench/latency-floor/), same 20-line proof, editor paint (${keys(floor)}); its p90 ${round(f.p90)} ms, the workbench's ${round(s.p90)} ms`,
      },
      {
        name: 'longest task while typing, 460-line proof', value: round(b.maxLong), unit: 'ms', baseline: 50, ratio: round(b.maxLong / 50),
        note: `${b.long.length} long tasks > 50 ms (ms@key index+ms after its keydown: ${b.long.join(', ') || 'none'}); 20-line proof: ${s.long.length}${s.long.length ? ` (${s.long.join(', ')})` : ''}; the editor alone (20 lines): ${f.long.length}${f.long.length ? ` (${f.long.join(', ')})` : ''}; before the first key (the caret's jump to the marker, not counted): ${b.beforeTyping.join(', ') || 'none'}; baseline = the 50 ms limit`,
      },
    ];
  } finally {
    await browser.close();
    await server.stop();
    ws.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((results) => {
    for (const r of results) console.log(`${r.name}: ${r.value} ${r.unit} (baseline ${r.baseline} ${r.unit}, ratio ${r.ratio})${r.note ? ` — ${r.note}` : ''}`);
  });
}
