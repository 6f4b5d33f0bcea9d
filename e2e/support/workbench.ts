// The workbench in Chromium against a fresh serve-mode server on a workspace: what every UI test starts from.
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumHandle } from './chromium';
import { startServe, type ServeHandle } from './serve';

export interface WorkbenchHandle {
  server: ServeHandle;
  browser: ChromiumHandle;
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts serve mode on `workspace` (optionally with a backend), opens the page and waits until the
 * engine is connected (and, with `connectedText`, until the connection badge shows it).
 * Confirm dialogs (the unsaved-changes guard) are accepted: tests always mean to go ahead.
 */
export async function openWorkbench(options: { workspace: string; backend?: string; connectedText?: string }): Promise<WorkbenchHandle> {
  const server = await startServe({ workspace: options.workspace, backend: options.backend });
  const browser = await launchChromium();
  const page = browser.page;
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(server.openUrl);
  const badge = page.getByTestId('connection');
  await (options.connectedText ? badge.filter({ hasText: options.connectedText }) : badge).waitFor({ timeout: 60_000 });
  return {
    server,
    browser,
    page,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}
