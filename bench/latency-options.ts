/* eslint-disable @typescript-eslint/no-explicit-any -- page callbacks run in the browser against untyped handles */
// What each Monaco option costs a keystroke (issue 11): the editor-alone page (bench/latency-floor/)
// loaded with one option set after another, in ROUNDS rounds (the order rotated each round, so every
// variant shares the machine's load), KEYS keys each; per variant the median keystroke-to-paint of the
// editor's lines (bench/latency-probe.ts) over all its keys. A diagnostic, not a benchmark:
//   npx tsx bench/latency-options.ts            VARIANTS='{"name":{...options}}' to choose the sets
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { launchChromium, makeWorkspace, REPO_ROOT, startServe } from '../e2e/support';
import { caretAfterMarker, MARKER, proofWithMarker } from './latency-setup';
import { installProbe } from './latency-probe';
import { median } from './types';

const KEYS = Number(process.env.KEYS ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const LINES = Number(process.env.LINES ?? 20);
const VARIANTS: Record<string, object> = process.env.VARIANTS ? JSON.parse(process.env.VARIANTS) : {
  'as shipped': {},
  'no bracket colours': { bracketPairColorization: { enabled: false } },
  'no line highlight': { renderLineHighlight: 'none' },
  'no wrap': { wordWrap: 'off' },
  'textarea (no EditContext)': { editContext: false },
  'no glyph margin/folding': { glyphMargin: false, folding: false },
  'lean': { bracketPairColorization: { enabled: false }, renderLineHighlight: 'none', matchBrackets: 'never', occurrencesHighlight: 'off', selectionHighlight: false, guides: { indentation: false }, stickyScroll: { enabled: false }, folding: false, links: false },
};

async function main() {
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'bench/latency-floor/vite.config.ts'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const ws = makeWorkspace({});
  const server = await startServe({ workspace: ws.dir, rendererDir: join(REPO_ROOT, 'dist', 'latency-floor') });
  const browser = await launchChromium();
  const page = browser.page;
  await page.setViewportSize({ width: 1280, height: 720 });
  const names = Object.keys(VARIANTS);
  const all = new Map<string, number[]>(names.map((n) => [n, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (let j = 0; j < names.length; j++) {
        const name = names[(j + round) % names.length];
        const url = new URL(server.openUrl);
        url.searchParams.set('options', JSON.stringify(VARIANTS[name]));
        await page.goto(url.href);
        await page.waitForFunction(() => 'editor' in ((window as any).__pwEditor ?? {}), undefined, { timeout: 60_000 });
        await page.evaluate((text) => (window as any).__pwEditor.editor.setValue(text), proofWithMarker(LINES));
        await page.waitForTimeout(1500);
        await caretAfterMarker(page);
        await page.evaluate(installProbe, { marker: MARKER, watch: 'editor' as const });
        await page.waitForTimeout(500);
        for (let i = 0; i < KEYS; i++) {
          const before = await page.evaluate(() => (window as any).__pwLatency.done as number);
          await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
          await page.waitForFunction((n) => (window as any).__pwLatency.done > n, before, { timeout: 10_000, polling: 'raf' }).catch(() => undefined);
          await page.waitForTimeout(150);
        }
        const lat = await page.evaluate(() => ((window as any).__pwLatency.latencies as (number | null)[]).filter((x): x is number => typeof x === 'number'));
        all.get(name)!.push(...lat.slice(1)); // the first key runs cold code
      }
    }
    for (const name of names) {
      const xs = all.get(name)!;
      console.log(`${name.padEnd(28)} median ${median(xs).toFixed(2)} ms  (${xs.length} keys)`);
    }
  } finally {
    await browser.close();
    await server.stop();
    ws.remove();
  }
}

void main();
