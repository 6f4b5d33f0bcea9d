// Two things the rev14 walk saw at the top of the window, at 1280×720 and 1920×1080 in serve mode
// (Debian's Chromium): a 100-character document name cut the engine chip to "engine · scripted/sam…"
// (the name may be cut, its full path in its tooltip; the chip stays readable), and an empty band
// above the preview's first block, beside the findings column's score line.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace, REPO_ROOT, workbenchPerFile } from './support';

const LONG = `proofs/${'ä'.repeat(96)}.md`;
const t = workbenchPerFile(() => {
  const ws = makeWorkspace({
    [LONG]: 'Let $a, b$ be real numbers. Then $a^2 + b^2 \\ge 2ab$.\n',
    // A first block the checker flags (no model needed): its card must not sit under the score line.
    'proofs/first.md': 'We compute $2 + 3 = 6$ first.\n\nThe rest follows.\n',
    'proofs/plain.md': '# A title\n\nSome text.\n',
    'proofs/long.md': Array.from({ length: 80 }, (_, i) => `Paragraph ${i + 1}: since $x_{${i}} \\ge 0$, the claim holds.`).join('\n\n') + '\n',
  });
  const samples = join(REPO_ROOT, 'resources', 'samples');
  for (const f of readdirSync(join(samples, 'outputs'))) ws.copyFrom(join(samples, 'outputs', f), `outputs/${f}`);
  ws.copyFrom(join(samples, 'scripts', 'samples.deepseek.scripted.json'), 'scripts/samples-deepseek.json');
  return ws;
}, { backend: 'scripted:scripts/samples-deepseek.json', connectedText: 'scripted' });

const SIZES = [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }];

/** Text, box and overflow of the first element matching `selector`. */
const measure = (selector: string) => t.page.evaluate((sel) => {
  const el = document.querySelector(sel) as HTMLElement | null;
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return { text: el.textContent ?? '', title: el.title, left: r.left, right: r.right, top: r.top, bottom: r.bottom, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
}, selector);

describe('the top of the window', () => {
  it('keeps the engine chip whole beside a 100-character document name, the name cut with its full path as tooltip', async () => {
    const { page, probe } = t;
    await probe.openFile(LONG);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expect.poll(async () => (await measure('[data-testid=connection]'))!.text).toBe('engine · scripted/samples-deepseek');
      const chip = (await measure('[data-testid=connection]'))!;
      const name = (await measure('[data-testid=docname]'))!;
      const toolbar = (await measure('.pw-toolbar'))!;
      console.log(`[toolbar] ${size.width}×${size.height}: chip ${chip.scrollWidth}/${chip.clientWidth} px, name ${name.clientWidth}/${name.scrollWidth} px`);
      expect(chip.scrollWidth, `engine chip at ${size.width}`).toBeLessThanOrEqual(chip.clientWidth);
      expect(chip.right).toBeLessThanOrEqual(size.width);
      expect(name.title).toBe(LONG);
      expect(name.text).toContain('ää');
      expect(name.clientWidth).toBeGreaterThan(40);
      expect(toolbar.scrollWidth).toBeLessThanOrEqual(toolbar.clientWidth);
    }
  });

  it('starts the preview with its first block at the top, the score line beside it, a first-block finding below the score line', async () => {
    const { page, probe } = t;
    /** The preview's top, its first block, the score line and the first finding card: boxes and text. */
    const top = () => page.evaluate(() => {
      const box = (el: Element | null) => {
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, text: el.textContent ?? '' };
      };
      return {
        scroller: box(document.querySelector('[data-testid=preview]')),
        block: box(document.querySelector('[data-testid=preview] [data-block-start] .pw-preview-block, [data-testid=preview] .pw-preview-block[data-block-start]')),
        score: box(document.querySelector('[data-testid=findings-score]')),
        card: box(document.querySelector('[data-testid=preview] .pw-step-card')),
      };
    });
    await probe.openFile('proofs/plain.md');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expect.poll(async () => (await top()).block?.text ?? '').toContain('A title');
      const m = await top();
      console.log(`[preview-top] ${size.width}×${size.height}: first block ${Math.round(m.block!.top - m.scroller!.top)} px below the preview's top, score line ${Math.round(m.score!.bottom - m.score!.top)} px`);
      // No band: the first block starts at the preview's top (its row's own 2 px padding aside).
      expect(m.block!.top - m.scroller!.top).toBeLessThanOrEqual(4);
      // The score line is still shown at the top of the findings column, beside the block, in the window.
      expect(m.score!.text).toBe('Not verified yet — Ctrl+Enter');
      expect(m.score!.top).toBeGreaterThanOrEqual(m.scroller!.top - 0.5);
      expect(m.score!.left).toBeGreaterThanOrEqual(m.block!.right - 0.5);
      expect(m.score!.right).toBeLessThanOrEqual(size.width);
    }
    // A finding on the first block: its card starts below the score line, not under it.
    await probe.openFile('proofs/first.md');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expect.poll(async () => (await top()).card?.text ?? '', { timeout: 20_000 }).toContain('S1');
      const m = await top();
      expect(m.card!.top).toBeGreaterThanOrEqual(m.score!.bottom - 0.5);
      expect(m.card!.bottom).toBeLessThanOrEqual(size.height);
      expect(m.block!.top - m.scroller!.top).toBeLessThanOrEqual(4);
    }
    await t.wb.browser.screenshot('preview-top-first-block-finding');
    // Scrolled far down a long proof, the score line still stays at the top of the findings column (sticky).
    await probe.openFile('proofs/long.md');
    await expect.poll(async () => (await top()).block?.text ?? '').toContain('Paragraph 1:');
    await page.getByTestId('preview').evaluate((el) => { el.scrollTop = 1500; });
    await expect.poll(() => page.getByTestId('preview').evaluate((el) => el.scrollTop)).toBeGreaterThan(1000);
    const scrolled = await top();
    expect(scrolled.score!.text).toBe('Not verified yet — Ctrl+Enter');
    expect(Math.abs(scrolled.score!.top - scrolled.scroller!.top)).toBeLessThanOrEqual(1);
  });
});
