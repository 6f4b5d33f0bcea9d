// Does a CSS change alter how the preview looks? Opens a formula-heavy document (every KaTeX construct
// that positions spans: fractions, scripts, roots, big operators, accents, stretchy arrows, braces,
// \not, \cancel, \boxed, matrices, cases, aligned displays with tags, \llap/\rlap) in Chromium through
// serve mode, screenshots the preview pane a page at a time, adds the style sheet CSS, screenshots
// again and reports which pages differ (byte-equal PNGs). Writes the PNGs to OUT for a look.
// `CSS='…' OUT=/tmp/shots npx tsx bench/preview-css-compare.ts`
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import setupRenderer from '../e2e/global-setup';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, makeWorkspace, startServe } from '../e2e/support';

const FORMULAS = [
  String.raw`Inline $a+\frac{1}{2}+x^2_i+\sqrt{y}+\sqrt[3]{z}+\sum_{i=1}^n i+\int_0^1 f(x)\,dx$ and $\lim_{n\to\infty} a_n$ text.`,
  String.raw`Accents $\hat{x}\,\widehat{xyz}\,\tilde a\,\widetilde{abc}\,\bar y\,\overline{AB}\,\underline{CD}\,\vec v\,\overrightarrow{PQ}\,\overleftarrow{PQ}$.`,
  String.raw`Braces $\overbrace{a+b+c}^{3}\,\underbrace{x+y}_{2}$ and $\not= \,\not\subset\, \cancel{5}\,\bcancel{x}\,\xcancel{y}\,\boxed{E=mc^2}$.`,
  String.raw`Laps $\mathllap{/}x\,\mathrlap{\,/}y\,\mathclap{\sum}$ and $\xrightarrow[below]{above}\,\xleftarrow{f}$ and $\binom{n}{k}\,\dbinom{2n}{n}$.`,
  String.raw`$$\left( \frac{a}{b} \right)^{2} = \left[ \sum_{k=0}^{\infty} \frac{x^k}{k!} \right] \cdot \left\{ \prod_{p} \frac{1}{1-p^{-s}} \right\}$$`,
  String.raw`$$\begin{pmatrix} 1 & \frac12 \\ x^2 & \sqrt{2} \end{pmatrix} \begin{bmatrix} a \\ b \end{bmatrix} = \begin{cases} 1 & x > 0 \\ -\frac{1}{2} & \text{otherwise} \end{cases}$$`,
  String.raw`$$\begin{aligned} (a+b)^2 &= a^2 + 2ab + b^2 \tag{1} \\ \int_{-\infty}^{\infty} e^{-x^2}\,dx &= \sqrt{\pi} \end{aligned}$$`,
  String.raw`$$\sum_{\substack{0<i<m \\ 0<j<n}} P(i,j) \quad \iint_D \quad \oint_C \quad \bigcup_{i} A_i \quad \frac{\partial^2 u}{\partial x^2} \quad x \stackrel{?}{=} y \quad \overset{\text{def}}{=}$$`,
  String.raw`Colours $\colorbox{yellow}{$x$}\,\color{red}{y}\,\fcolorbox{blue}{white}{z}$ and sizes $\big( \Big( \bigg( \Bigg($ and $\sqrt{\frac{a}{b}}\,\sqrt{\sqrt{\sqrt{x}}}$.`,
  String.raw`**Step 3.** Since $\frac{a^2+b^2}{2} \ge \left(\frac{a+b}{2}\right)^2$ we have $\|x\|_2 \le \sqrt{n}\,\|x\|_\infty$ for all $x \in \mathbb{R}^n$, $n \geq 1$.`,
];

async function main() {
  const css = process.env.CSS;
  const out = process.env.OUT ?? '/tmp/preview-css-compare';
  if (!css) throw new Error('CSS=… the style sheet to compare');
  mkdirSync(out, { recursive: true });
  setupRenderer();
  const doc = Array.from({ length: 3 }, () => FORMULAS.join('\n\n')).join('\n\n');
  const ws = makeWorkspace({ 'doc.md': doc });
  const server = await startServe({ workspace: ws.dir, rendererDir: process.env.RENDERER });
  const userDataDir = mkdtempSync(join(tmpdir(), 'pw-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 900 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.openUrl);
    await page.getByTestId('connection').filter({ hasText: 'engine' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Files' }).click();
    await page.getByRole('button', { name: 'doc.md', exact: true }).click();
    await page.locator('[data-testid=preview] .katex').first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=preview] .pw-pending').length === 0);
    await page.mouse.move(5, 5);
    await page.waitForTimeout(1500);
    const preview = page.getByTestId('preview');
    const shots = async (tag: string) => {
      const pngs: Buffer[] = [];
      const height = await preview.evaluate((el) => el.scrollHeight);
      for (let top = 0, i = 0; top < height; top += 600, i++) {
        await preview.evaluate((el, y) => { el.scrollTop = y; }, top);
        await page.waitForTimeout(300);
        const png = await preview.screenshot();
        writeFileSync(join(out, `${tag}-${i}.png`), png);
        pngs.push(png);
      }
      return pngs;
    };
    const before = await shots('before');
    await page.addStyleTag({ content: css });
    await page.waitForTimeout(500);
    const after = await shots('after');
    const differ = before.map((b, i) => (after[i] && b.equals(after[i]) ? null : i)).filter((i) => i !== null);
    console.log(JSON.stringify({ pages: before.length, differ, out }));
  } finally {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
    await server.stop();
    ws.remove();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
