// A model split in several GGUF files (llama.cpp's gguf-split naming), in the Model library as a user
// drives it in Chromium through serve mode: the catalogue's Download fetches every part from the
// fake Hub's folder (a real HTTP server on 127.0.0.1, slow enough to watch), saying which file it is
// on; My models lists ONE model of the whole size, the card says "in 3 files", it loads and answers,
// and Remove deletes every part.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveModelFile, tinyCatalogue, type FileServer } from '../app/models/library/testFileServer';
import { writeTinyGgufSplit } from '../scripts/make-tiny-gguf';
import { makeWorkspace, openWorkbench, type TempWorkspace, type WorkbenchHandle } from './support';

const REF = 'hf:someone/Big-GGUF:Q8_0';
const NAMES = [1, 2, 3].map((i) => `big-0000${i}-of-00003.gguf`);
let ws: TempWorkspace;
let base: string;
let modelsDir: string;
let files: FileServer;
let workbench: WorkbenchHandle;
let page: Page;
let total = 0;
const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 60_000, interval: 100 });

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-e2e-split-'));
  modelsDir = join(base, 'models');
  const { paths } = writeTinyGgufSplit(join(base, 'big'), { size: 'test', seed: 22 }, 3);
  const served: Record<string, Buffer> = {};
  paths.forEach((p, i) => {
    served[`/someone/Big-GGUF/resolve/main/Q8_0/${NAMES[i]}`] = readFileSync(p);
    total += readFileSync(p).length;
  });
  writeFileSync(join(base, 'catalogue.json'), JSON.stringify(tinyCatalogue(REF)));
  // ~160 KB/s: the three parts (~1 MB) take ~6 s, long enough to see the second file downloading.
  files = await serveModelFile({ body: Buffer.alloc(0), files: served, hub: { repo: 'someone/Big-GGUF', tag: 'Q8_0', file: `Q8_0/${NAMES[0]}` }, throttle: { chunkBytes: 8 * 1024, intervalMs: 50 } });
  ws = makeWorkspace({ 'proof.md': 'A proof.\n' });
  workbench = await openWorkbench({
    workspace: ws.dir,
    env: { HF_ENDPOINT: files.origin, PROOFWRIGHT_CATALOGUE: join(base, 'catalogue.json'), PROOFWRIGHT_MODELS_DIR: modelsDir },
  });
  page = workbench.page;
});

afterAll(async () => {
  await workbench?.close();
  await files?.close();
  ws?.remove();
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('a split model in the model library', () => {
  it('downloads every file with one progress bar, lists one model, loads it and removes every file', async () => {
    await page.getByTestId('open-library').click();
    const dialog = page.getByTestId('model-library');
    const card = dialog.getByTestId(`catalogue-${REF}`);
    await poll(() => card.textContent()).toContain('Tiny test model');
    await card.getByTestId('download').click();
    const pull = dialog.getByTestId('pull');
    // One bar for the whole model: its total from the first report, the file it is on said beside it.
    await poll(() => pull.getByTestId('pull-text').textContent()).toMatch(/ of 9\d\d\.\d KiB \(\d+%\).* · file 2 of 3$/);
    expect(Number(await pull.locator('progress').getAttribute('max'))).toBe(total);
    await workbench.browser.screenshot('split-model-downloading');

    files.throttle(null);
    await poll(() => card.textContent()).toContain('In your library');
    expect(readdirSync(modelsDir).filter((f) => f.endsWith('.gguf')).sort()).toEqual(NAMES);

    await dialog.getByTestId('tab-mine').click();
    const rows = dialog.locator('[data-testid^="model-"]');
    await poll(() => dialog.getByTestId('model-big-00001-of-00003').count()).toBe(1);
    const row = dialog.getByTestId('model-big-00001-of-00003');
    expect(await rows.filter({ hasText: 'big-0000' }).count()).toBeLessThanOrEqual(1);
    expect(await row.textContent()).toContain('3 files');
    await row.getByTestId('inspect').click();
    const cardView = dialog.getByTestId('inspect-card');
    await poll(() => cardView.textContent()).toMatch(/File9\d\d\.\d KiB in 3 files/);

    await dialog.getByLabel('Threads').fill('1');
    await dialog.getByLabel('Context size').fill('512');
    await dialog.getByTestId('apply-load').click();
    await row.getByTestId('load').click();
    await poll(() => dialog.getByTestId('loaded-status').textContent()).toMatch(/big-00001-of-00003\.gguf \(local\) · context 512 tokens/);
    await workbench.browser.screenshot('split-model-loaded');
    await dialog.getByTestId('loaded-status').getByTestId('unload').click();
    await poll(() => dialog.getByTestId('loaded-status').textContent()).toContain('No model loaded');

    await row.getByTestId('remove').click();
    const confirm = dialog.getByRole('alertdialog');
    await poll(() => confirm.textContent()).toMatch(/Its 3 files \(9\d\d\.\d KiB in all\) are deleted\./);
    await confirm.getByTestId('confirm-remove').click();
    await poll(() => dialog.getByTestId('my-models').textContent()).toContain('No models yet');
    expect(NAMES.some((n) => existsSync(join(modelsDir, n)))).toBe(false);
  });
});
