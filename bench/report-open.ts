// How long Debian's Chromium takes to open an HTML report (NOTES: a 163 MB report did not open in 30 s):
//   flock /tmp/bench.lock nice -n -10 npx tsx bench/report-open.ts REPORT.html [END.png]
// prints the time to the load event, then to a scroll to the end painted (the whole page laid out).
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../e2e/support/chromium';
const file = process.argv[2];
if (!file) throw new Error('usage: report-open.ts REPORT.html');
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
const page = await browser.newPage();
const t0 = Date.now();
try {
  await page.goto(`file://${resolve(file)}`, { waitUntil: 'load', timeout: 180_000 });
  const loaded = Date.now() - t0;
  // First paint of the top and a jump to the end (layout of the whole page).
  const h = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.screenshot(process.argv[3] ? { path: process.argv[3] } : {});
  console.log(`${file}: load ${(loaded / 1000).toFixed(1)} s, scrolled to the end and painted at ${((Date.now() - t0) / 1000).toFixed(1)} s, height ${h}px`);
} catch (error) {
  console.log(`${file}: ${String(error).slice(0, 200)} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
await browser.close();
