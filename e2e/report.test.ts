// The HTML report in a real browser: math is typeset by KaTeX, valid math has no error spans, nothing
// is fetched from the network, and a screenshot is kept as an artifact.
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../app/cli/main';
import { captureIO } from '../app/cli/testing/capture-io';
import { REPO_ROOT, chromiumAvailable, launchChromium, type ChromiumHandle } from './support';

const ver = (score: string) =>
  `Here is my evaluation of the solution:\n\nThe key steps were checked.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;

let dir: string;
let browser: ChromiumHandle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-report-e2e-'));
  const samples = join(REPO_ROOT, 'resources', 'samples');
  for (const file of await readdir(samples)) {
    if (/\.(md|tex)$/.test(file) && file !== 'README.md') await cp(join(samples, file), join(dir, 'proofs', file));
  }
  await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: [{ role: 'verify', responses: [ver('1'), ver('0.5')], exhausted: 'cycle' }] }));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.runIf(chromiumAvailable())('HTML report in Chromium', () => {
  it('renders the proofs with typeset math and no KaTeX errors', async () => {
    const io = captureIO(dir);
    const code = await main(['verify', 'proofs', '--backend', 'scripted:script.json', '--samples', '2', '--report', 'report.html'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);

    const requests: string[] = [];
    browser.page.on('request', (r) => requests.push(r.url()));
    await browser.page.goto(pathToFileURL(join(dir, 'report.html')).href);
    const proofs = await browser.page.locator('section.proof').count();
    expect(proofs).toBeGreaterThanOrEqual(4);
    expect(await browser.page.locator('.katex').count()).toBeGreaterThan(20);
    expect(await browser.page.locator('.katex-display').count()).toBeGreaterThan(2);
    expect(await browser.page.locator('.katex-error').count()).toBe(0);
    // The embedded KaTeX fonts are in use: the math font is loaded without any network request.
    const fontLoaded = await browser.page.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check('16px KaTeX_Main');
    });
    expect(fontLoaded).toBe(true);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
    const summaryRows = await browser.page.locator('table.summary tbody tr').count();
    expect(summaryRows).toBe(proofs);
    await browser.screenshot('report');
  });

  it('a long unbroken word wraps inside its step: the report is no wider than the window', async () => {
    await writeFile(join(dir, 'long.md'), `## Proof\n\nWe write ${'x'.repeat(400)} and conclude $a = a$.\n`);
    const io = captureIO(dir);
    expect(await main(['verify', 'long.md', '--problem', 'Show it.', '--backend', 'scripted:script.json', '--samples', '1', '--report', 'long.html'], io)).toBe(0);
    await browser.page.setViewportSize({ width: 1280, height: 720 });
    await browser.page.goto(pathToFileURL(join(dir, 'long.html')).href);
    const widths = await browser.page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
    expect(widths.page).toBeLessThanOrEqual(widths.window);
  });
});
