/* eslint-disable @typescript-eslint/no-explicit-any -- trace events and page handles are untyped */
// A/B of a CSS change on the keystroke's path, both variants in ONE page and one trace (issue 11):
// on this shared 2-core machine two runs minutes apart differ by 20–30% in thread CPU, more than most
// CSS changes do. Here the style sheet B is switched on and off every BLOCK keys (the first key after
// each switch, which re-lays-out and repaints everything, is left out), so both variants share the
// load. Per variant, medians over keys of the main thread's CPU (tdur) in the keydown task and in the
// first painting task after it, split by trace event (Paint, Layerize, HitTest, Layout…).
// `B='.katex{isolation:isolate}' LINES=460 KEYS=60 npx tsx bench/latency-ab.ts` (A='css' adds a sheet
// to the A side too; RENDERER=dir serves that build; JSON=path writes the figures).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import setupRenderer from '../e2e/global-setup';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, makeWorkspace, startServe } from '../e2e/support';
import { caretAfterMarker, openSettled, proofWithMarker } from './latency-setup';

const LINES = Number(process.env.LINES ?? 460);
const KEYS = Number(process.env.KEYS ?? 60);
const BLOCK = Number(process.env.BLOCK ?? 5);
const EVENTS = ['Paint', 'Layerize', 'HitTest', 'Layout', 'PrePaint', 'UpdateLayoutTree', 'Commit', 'FireAnimationFrame', 'FunctionCall', 'EventDispatch'];

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : 0; };

async function main() {
  if (!process.env.B) throw new Error('B=css: the style sheet to compare against none (or against A=css)');
  setupRenderer();
  const ws = makeWorkspace({ 'doc.md': proofWithMarker(LINES) });
  const server = await startServe({ workspace: ws.dir, rendererDir: process.env.RENDERER });
  const userDataDir = mkdtempSync(join(tmpdir(), 'pw-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 720 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.openUrl);
    await page.getByTestId('connection').filter({ hasText: 'engine' }).waitFor({ timeout: 60_000 });
    await openSettled(page, 'doc.md');
    await caretAfterMarker(page);
    // Two <style> elements; B is switched by its media ('all' / 'not all'). No named functions in
    // here: tsx wraps them in a helper the page does not have.
    await page.evaluate(({ a, b }) => {
      for (const [id, css] of [['pw-ab-a', a], ['pw-ab-b', b]]) {
        const s = document.createElement('style');
        s.id = id;
        s.textContent = css;
        if (id === 'pw-ab-b') s.media = 'not all';
        document.head.append(s);
      }
    }, { a: process.env.A ?? '', b: process.env.B });
    await page.waitForTimeout(500);
    const cdp = await context.newCDPSession(page);
    const events: any[] = [];
    cdp.on('Tracing.dataCollected', (d: any) => events.push(...d.value));
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' } as any);
    const variant: ('A' | 'B' | null)[] = [];
    for (let i = 0; i < KEYS; i++) {
      if (i % BLOCK === 0) {
        const b = Math.floor(i / BLOCK) % 2 === 1;
        await page.evaluate((on) => { (document.getElementById('pw-ab-b') as HTMLStyleElement).media = on ? 'all' : 'not all'; }, b);
        await page.waitForTimeout(300);
      }
      // The first key after a switch pays for the switch's relayout: left out.
      variant.push(i % BLOCK === 0 ? null : Math.floor(i / BLOCK) % 2 === 1 ? 'B' : 'A');
      await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
      await page.waitForTimeout(150);
    }
    await page.waitForTimeout(300);
    await cdp.send('Tracing.end');
    await done;

    const keydowns = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown').sort((a, b) => a.ts - b.ts);
    if (keydowns.length !== KEYS) throw new Error(`${keydowns.length} keydowns traced, ${KEYS} typed`);
    const onMain = events.filter((e) => e.pid === keydowns[0].pid && e.tid === keydowns[0].tid);
    const tasks = onMain.filter((e) => e.name === 'RunTask' && e.ph === 'X').sort((a, b) => a.ts - b.ts);
    const paints = onMain.filter((e) => e.name === 'Paint');
    const painting = (t: any) => paints.some((p) => p.ts >= t.ts && p.ts <= t.ts + t.dur);
    // Self thread-CPU per event name inside a task (children of the same thread subtracted).
    const selfCpu = (task: any) => {
      const inside = onMain.filter((e) => e.ph === 'X' && e.tdur !== undefined && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e !== task);
      const out: Record<string, number> = {};
      for (const e of inside) {
        const kids = inside.filter((c) => c !== e && c.ts >= e.ts && c.ts + c.dur <= e.ts + e.dur);
        const direct = kids.filter((c) => !kids.some((p) => p !== c && c.ts >= p.ts && c.ts + c.dur <= p.ts + p.dur));
        const self = (e.tdur - direct.reduce((s, c) => s + (c.tdur ?? 0), 0)) / 1000;
        if (EVENTS.includes(e.name)) out[e.name] = (out[e.name] ?? 0) + self;
      }
      return out;
    };
    const perVariant: Record<string, { key: number[]; frame: number[]; events: Record<string, number[]> }> = {};
    keydowns.forEach((k, i) => {
      const v = variant[i];
      if (!v) return;
      const input = tasks.find((t) => k.ts >= t.ts && k.ts <= t.ts + t.dur);
      const frame = input && tasks.find((t) => t.ts >= input.ts + input.dur && painting(t));
      if (!input || !frame) return;
      const slot = perVariant[v] ??= { key: [], frame: [], events: {} };
      slot.key.push((input.tdur ?? 0) / 1000);
      slot.frame.push((frame.tdur ?? 0) / 1000);
      for (const [name, ms] of Object.entries(selfCpu(frame))) (slot.events[`frame ${name}`] ??= []).push(ms);
    });
    const out = Object.fromEntries(Object.entries(perVariant).map(([v, s]) => [v, {
      keys: s.key.length,
      keyTaskCpuMs: Number(median(s.key).toFixed(2)),
      frameTaskCpuMs: Number(median(s.frame).toFixed(2)),
      ...Object.fromEntries(Object.entries(s.events).map(([n, xs]) => [n, Number(median(xs).toFixed(2))])),
    }]));
    console.log(JSON.stringify({ lines: LINES, a: process.env.A ?? '', b: process.env.B, ...out }, null, 2));
    if (process.env.JSON) writeFileSync(process.env.JSON, JSON.stringify(out, null, 2));
  } finally {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
    await server.stop();
    ws.remove();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
