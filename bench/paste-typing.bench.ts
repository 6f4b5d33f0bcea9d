// Typing in a long proof right after pasting it (rev16 F3, issue 11's "no long task over 50 ms while
// typing"): serve mode, the real workbench in Chromium. An empty file is opened, a 3,000-line proof
// (a `## Part k` heading every 50 lines, `$x_{i} = i^2$` on every line, ~200 KB) is pasted with Ctrl+V,
// and once the preview shows its last heading, KEYS letters are typed near its end; then the file is
// saved, the page reloaded, the file opened again and the same typed again. Per key: keydown → the
// preview block under the caret painted with it (bench/latency-probe.ts, as latency.bench.ts), median
// and p90, and the long tasks (> 50 ms) while typing. Baseline, same run: the same keys typed into the
// 24-line sample (cauchy-equation.md).
//   npm run bench -- paste-typing      BENCH_QUICK=1 for a smoke run (few keys)
//   npx tsx bench/paste-typing.bench.ts   RENDERER=dir: another build of the workbench
// Before the checker left the engine's event loop (app/engine/checkThread.ts), each key typed in the
// first seconds after the paste waited behind a 14–18 s check of the whole text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import setupRenderer from '../e2e/global-setup';
import { REPO_ROOT, chromiumAvailable, launchChromium, makeWorkspace, startServe } from '../e2e/support';
import { MARKER, openSettled } from './latency-setup';
import { typeAndMeasure, typingFigures, type Typing } from './latency.bench';
import { median, type BenchResult } from './types';

const KEYS = process.env.BENCH_QUICK === '1' ? 8 : 33;
/** F3's pace: 60 ms between keys (after each key is shown). */
const PAUSE_MS = 60;

/** rev16 F3's proof: `lines` lines, a `## Part k` heading every 50, MARKER at the end of the tenth line from the end. */
export function pastedProof(lines = 3000): string {
  const rows: string[] = [];
  for (let i = 1; i <= lines; i++) {
    if (i % 50 === 1) rows.push(`## Part ${Math.ceil(i / 50)}`);
    else rows.push(`Line ${i}: by the rule we have $x_{${i}} = ${i}^2$, as claimed here.${i === lines - 10 ? ` ${MARKER}` : ''}`);
  }
  return rows.join('\n') + '\n';
}

/** The 24-line sample with MARKER after the first paragraph's words. */
function sampleWithMarker(): string {
  const rows = readFileSync(join(REPO_ROOT, 'resources', 'samples', 'cauchy-equation.md'), 'utf8').split('\n');
  const at = rows.findIndex((row, i) => i >= rows.length / 2 && /^[A-Za-z]/.test(row) && !row.endsWith('$$'));
  rows[at] = `${rows[at]} ${MARKER}`;
  return rows.join('\n');
}

/* eslint-disable @typescript-eslint/no-explicit-any -- page callbacks run in the browser against untyped handles */
/** Files › `file`, waiting only until it is the document on screen (an empty file shows no marker to wait for). */
async function openEmpty(page: Page, file: string): Promise<void> {
  await page.getByRole('button', { name: 'Files' }).click();
  await page.getByRole('button', { name: file, exact: true }).click();
  await page.getByTestId('docname').filter({ hasText: file }).waitFor({ timeout: 60_000 });
  await page.waitForFunction((path) => (window as any).__pwStore.getState().path === path, file, { timeout: 60_000 });
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/* eslint-disable @typescript-eslint/no-explicit-any -- page callbacks run in the browser against untyped handles */
/**
 * Starts recording the engine's answers: each time the store takes a new parsed document, when and how
 * long its text is. Keys typed at one place each add a character, so key i is answered once the
 * engine's text is `i + 1` characters longer than the editor's text now (not the engine's: right after
 * a paste the engine may not have answered the paste yet, and that wait is what is measured).
 */
async function recordAnswers(page: Page): Promise<void> {
  await page.evaluate(() => {
    const store = (window as any).__pwStore;
    const w = window as any;
    w.__pwAnswers = { base: w.__pwEditor.editor.getModel().getValueLength(), seen: [] as [number, number][] };
    store.subscribe((s: any, p: any) => { if (s.doc !== p.doc && s.doc) w.__pwAnswers.seen.push([performance.now(), s.doc.text.length]); });
  });
}

/** Per key, ms from its keydown to the engine's answer that holds it (after waiting until all are in). */
async function answerTimes(page: Page, keys: number): Promise<number[]> {
  await page.waitForFunction((n) => {
    const a = (window as any).__pwAnswers;
    return a.seen.some(([, len]: [number, number]) => len >= a.base + n);
  }, keys, { timeout: 300_000, polling: 100 });
  return page.evaluate(() => {
    const { base, seen } = (window as any).__pwAnswers as { base: number; seen: [number, number][] };
    const times = (window as any).__pwLatency.keyTimes as number[];
    return times.map((t, i) => (seen.find(([, len]) => len >= base + i + 1)?.[0] ?? NaN) - t);
  });
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Pastes `text` into the empty editor with Ctrl+V and waits until the preview shows `last`. */
async function paste(page: Page, text: string, last: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('[data-testid=editor] .view-lines').click();
  await page.keyboard.press('Control+V');
  await page.waitForFunction((want) => (document.querySelector('[data-testid=preview]')?.textContent ?? '').includes(want), last, { timeout: 120_000, polling: 100 });
}

async function saveAndReload(page: Page): Promise<void> {
  await page.keyboard.press('Control+S');
  await page.getByTestId('docname').filter({ hasNotText: '•' }).waitFor({ timeout: 120_000 });
  await page.reload();
  await page.getByTestId('connection').filter({ hasText: 'engine' }).waitFor({ timeout: 60_000 });
}

export async function run(): Promise<BenchResult[]> {
  if (!chromiumAvailable()) throw new Error('Chromium is needed (/usr/bin/chromium or PROOFWRIGHT_CHROMIUM)');
  setupRenderer(); // builds dist/renderer when the sources are newer
  const proof = pastedProof();
  const ws = makeWorkspace({ 'small.md': sampleWithMarker(), 'big.md': '', 'big.problem.md': 'Show that $x_i = i^2$.\n' });
  const server = await startServe({ workspace: ws.dir, rendererDir: process.env.RENDERER });
  const browser = await launchChromium();
  try {
    const page = browser.page;
    await page.setViewportSize({ width: 1280, height: 720 });
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    const typing = { keys: KEYS, pauseMs: PAUSE_MS };
    await page.goto(server.openUrl);
    await page.getByTestId('connection').filter({ hasText: 'engine' }).waitFor({ timeout: 60_000 });
    await openSettled(page, 'small.md');
    await recordAnswers(page);
    const small = await typeAndMeasure(page, 'preview', typing);
    const smallAnswers = await answerTimes(page, KEYS);
    await saveAndReload(page);
    await openEmpty(page, 'big.md');
    await paste(page, proof, 'Part 60');
    await recordAnswers(page);
    const pasted = await typeAndMeasure(page, 'preview', typing);
    const pastedAnswers = await answerTimes(page, KEYS);
    await saveAndReload(page);
    await openSettled(page, 'big.md');
    await recordAnswers(page);
    const reopened = await typeAndMeasure(page, 'preview', typing);
    const reopenedAnswers = await answerTimes(page, KEYS);
    for (const [name, t] of [['24-line sample', small], ['after the paste', pasted], ['reopened', reopened]] as const) {
      if (t.latencies.length === 0) throw new Error(`${name}: no key reached the preview (missed ${t.missed})`);
    }

    const s = typingFigures(small);
    const round = (x: number) => Number(x.toFixed(2));
    const keys = (t: Typing) => `${t.latencies.length} keys${t.missed ? ` (${t.missed} did not reach the preview within 10 s)` : ''}`;
    const longs = (t: Typing) => {
      const f = typingFigures(t);
      return `${f.long.length} long tasks > 50 ms while typing (ms@key index+ms after its keydown: ${f.long.join(', ') || 'none'}); before the first key: ${f.beforeTyping.join(', ') || 'none'}`;
    };
    const results: BenchResult[] = [];
    for (const [what, t, answers] of [['right after pasting it', pasted, pastedAnswers], ['reopened', reopened, reopenedAnswers]] as const) {
      const f = typingFigures(t);
      results.push(
        {
          name: `keystroke→engine's answer, 3,000-line proof ${what} (median)`, value: round(median(answers)), unit: 'ms', baseline: round(median(smallAnswers)),
          ratio: round(median(answers) / median(smallAnswers)),
          note: `from each keydown to the store holding the engine's parsed document with that key (the answer to its editDocumentDelta); max ${round(Math.max(...answers))} ms, 24-line sample max ${round(Math.max(...smallAnswers))} ms; baseline = the median in the 24-line sample`,
        },
        {
          name: `keystroke→paint, 3,000-line proof ${what} (median)`, value: round(f.med), unit: 'ms', baseline: round(s.med), ratio: round(f.med / s.med),
          note: `${keys(t)}; baseline = the same keys in the 24-line sample (${keys(small)})`,
        },
        {
          name: `keystroke→paint, 3,000-line proof ${what} (p90)`, value: round(f.p90), unit: 'ms', baseline: round(s.p90), ratio: round(f.p90 / s.p90),
          note: 'baseline = p90 in the 24-line sample',
        },
        {
          name: `longest task while typing, 3,000-line proof ${what}`, value: round(f.maxLong), unit: 'ms', baseline: 50, ratio: round(f.maxLong / 50),
          note: `${longs(t)}; 24-line sample: ${longs(small)}; baseline = the 50 ms limit (issue 11)`,
        },
      );
    }
    return results;
  } finally {
    await browser.close();
    await server.stop();
    ws.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((results) => {
    for (const r of results) console.log(`${r.name}: ${r.value} ${r.unit} (baseline ${r.baseline} ${r.unit}, ratio ${r.ratio})${r.note ? ` — ${r.note}` : ''}`);
  }, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
