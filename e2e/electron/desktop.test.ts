// The desktop app end to end with Playwright's _electron: window opens, a file opens through the
// menu, the engine is killed → the UI shows it stopped → the engine is back. Runs when the Electron
// binary is installed, under a display (`xvfb-run -a npx vitest run --project e2e e2e/electron`);
// otherwise every test here is skipped and the reason is printed. What these cover without Electron
// (crash recovery, RPC over a port-like channel, security decisions, serve mode) is tested in Node
// (app/engine/supervisor.test.ts, main/security) and Chromium (e2e/serve.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, displayAvailable, electronBinary, ensureMainBuilt, makeWorkspace, type TempWorkspace } from '../support';

const TESTS = ['opens a sandboxed window on the app:// origin', 'opens a file through File › Open', 'survives an engine crash: banner, then the engine is back'];
const binary = electronBinary();
const skipReason = !binary.path ? `Electron binary not installed (${binary.reason})` : !displayAvailable() ? 'no display (run under xvfb-run -a)' : null;
if (skipReason) {
  console.warn(`\n[e2e] ${skipReason}: ${TESTS.length} Electron e2e tests not run.\n`);
}

const PROOF = '# Claim\n\nUNIQUE-MARKER-7391: $2 + 2 = 4$.\n';

describe.skipIf(skipReason !== null)('desktop app (Electron)', () => {
  let app: ElectronApplication;
  let page: Page;
  let ws: TempWorkspace;
  let userData: string;

  beforeAll(async () => {
    ensureMainBuilt();
    ws = makeWorkspace({ 'claim.md': PROOF });
    userData = mkdtempSync(join(tmpdir(), 'pw-electron-user-'));
    app = await _electron.launch({
      executablePath: binary.path!,
      args: [REPO_ROOT],
      cwd: REPO_ROOT,
      env: { ...process.env, PROOFWRIGHT_WORKSPACE: ws.dir, PROOFWRIGHT_USER_DATA: userData },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    ws?.remove();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  it(TESTS[0], async () => {
    expect(page.url()).toMatch(/^app:\/\/proofwright\//);
    const exposed = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as { proofwright?: object }).proofwright ?? {}).sort(),
    }));
    expect(exposed.require).toBe('undefined');
    expect(exposed.process).toBe('undefined');
    expect(exposed.bridge).toContain('openDialog');
    // Navigation away from the app is refused.
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/proofwright\//);
  });

  it(TESTS[1], async () => {
    const file = join(ws.dir, 'claim.md');
    await app.evaluate(({ dialog }, path) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [path] })) as typeof dialog.showOpenDialog;
    }, file);
    await app.evaluate(({ Menu }) => {
      const fileMenu = Menu.getApplicationMenu()!.items.find((i) => i.label.replace('&', '') === 'File')!;
      fileMenu.submenu!.items.find((i) => i.label === 'Open…')!.click();
    });
    await expect.poll(() => page.content(), { timeout: 30_000 }).toContain('UNIQUE-MARKER-7391');
    await page.screenshot({ path: join(REPO_ROOT, 'e2e', 'artifacts', 'electron-file-open.png') });
  });

  it(TESTS[2], async () => {
    const pid = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().find((m) => m.type === 'Utility' && m.serviceName === 'Proofwright engine')?.pid);
    expect(pid).toBeTypeOf('number');
    process.kill(pid!, 'SIGKILL');
    await expect.poll(() => page.locator('body').innerText(), { timeout: 30_000 }).toMatch(/engine (stopped|was killed|crashed)/i);
    await page.screenshot({ path: join(REPO_ROOT, 'e2e', 'artifacts', 'electron-engine-stopped.png') });
    await expect
      .poll(
        () => app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().find((m) => m.type === 'Utility' && m.serviceName === 'Proofwright engine')?.pid),
        { timeout: 30_000 },
      )
      .not.toBe(pid);
    // The document is still there after the restart.
    await expect.poll(() => page.content(), { timeout: 30_000 }).toContain('UNIQUE-MARKER-7391');
  });
});

describe.skipIf(skipReason === null)('desktop app (Electron) — not run here', () => {
  it.skip(`${TESTS.length} Electron e2e tests: ${skipReason}`, () => undefined);
});
