// A file open in the workbench and changed, deleted or renamed on disk by another program (rev16 F1,
// F2): the engine watches the open file. Without unsaved edits the new text is loaded into the editor,
// preview and checker, and the notice says so; a Verify right after the change verifies the file as it
// is now. Under unsaved edits the user's text is kept and the notice offers "Reload from disk" (asks
// first) and "Keep mine" (the next save writes their text without asking again). A file deleted or
// moved makes the document unsaved, and Ctrl+S asks before writing the old path again. The page's own
// save is not "changed on disk". Serve mode, real engine, Chromium; the files are changed with node:fs
// from the test process, as another program would, and read back from disk.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cauchyWorkspace, workbenchPerFile } from './support';

const OLD = 'Old text: $1 + 1 = 2$.\n';
const NEW = 'New text from another program: $1 + 1 = 3$.\n';

const t = workbenchPerFile(() => {
  const ws = cauchyWorkspace();
  for (const name of ['clean.md', 'dirty.md', 'keep.md', 'gone.md', 'moved.md', 'own.md', 'refine.md']) ws.write(name, OLD);
  // Refine asks for a problem statement.
  ws.write('refine.problem.md', 'Show that $1 + 1 = 2$.\n');
  return ws;
}, { backend: 'scripted:scripts/samples.json', connectedText: 'scripted' });

const poll = <T,>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 30_000, ...options });
const disk = (name: string) => join(t.ws.dir, name);
const onDisk = (name: string) => readFileSync(disk(name), 'utf8');
const notice = () => t.page.getByTestId('notice').innerText().catch(() => '');
/** The verifier's findings as the findings column draws them: their step's label (or "doc"), and " stale". */
const verifierFindings = () => t.probe.state<string[]>(`(s) => s.annotations.filter((a) => a.provenance.source === "verifier")
  .map((a) => (a.stepId ? (s.doc.steps.find((st) => st.id === a.stepId) || { label: "?" }).label : "doc") + (a.stale ? " stale" : "")).sort()`);

/** Answer every confirm() with `answer` from now on; the questions asked are recorded in `asked`. */
function answerDialogs(page: Page, answer: boolean, asked: string[]) {
  page.removeAllListeners('dialog');
  page.on('dialog', (dialog) => {
    asked.push(dialog.message());
    void (answer ? dialog.accept() : dialog.dismiss());
  });
}

/** Ctrl+S in the proof editor, as the user presses it there. */
async function ctrlS() {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's editor handle
  await t.page.evaluate(() => (window as any).__pwEditor.editor.focus());
  await t.page.keyboard.press('Control+S');
}

// Each test starts with the user saying OK to every question (openFile over unsaved text asks).
beforeEach(() => answerDialogs(t.page, true, []));

async function typeAtEnd(text: string) {
  await t.page.evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's editor handle
    const { editor } = (window as any).__pwEditor;
    const model = editor.getModel();
    editor.setPosition({ lineNumber: model.getLineCount(), column: model.getLineMaxColumn(model.getLineCount()) });
    editor.focus();
  });
  await t.page.keyboard.type(text);
  await poll(t.probe.synced).toBe(true);
}

describe('a file changed on disk while open', () => {
  it('without unsaved edits: the new text is loaded into editor, preview and checker, and the notice says so', async () => {
    await t.probe.openFile('clean.md', { exact: true });
    await poll(() => t.page.getByTestId('preview').innerText()).toContain('Old text');
    await poll(() => t.page.getByTestId('tab-problems').textContent()).toBe('Problems (0)');
    writeFileSync(disk('clean.md'), NEW);
    await poll(() => t.probe.editorText()).toBe(NEW);
    await poll(notice).toContain('clean.md changed on disk; reloaded');
    await poll(() => t.page.getByTestId('preview').innerText()).toContain('New text from another program');
    // The checker reads the new text: 1 + 1 = 3 is flagged in Problems.
    await poll(() => t.page.getByTestId('tab-problems').textContent()).toBe('Problems (1)');
    await poll(() => t.page.getByTestId('problem').first().textContent()).toContain('1 + 1 = 3');
    await poll(() => t.page.getByTestId('notice').isVisible()).toBe(true);
    expect(await t.page.getByTestId('docname').textContent()).not.toContain('•');
    await t.page.screenshot({ path: 'e2e/artifacts/disk-changes-reloaded.png' });
  });

  it('Verify right after another program wrote the file verifies the file as it is now', async () => {
    await t.probe.openFile('proofs/cauchy.md', { exact: true });
    const changed = `${onDisk('proofs/cauchy.md')}\nA sentence another program added.\n`;
    writeFileSync(disk('proofs/cauchy.md'), changed);
    const runsDir = join(t.ws.dir, '.proofwright', 'runs');
    const before = new Set(existsSync(runsDir) ? readdirSync(runsDir) : []);
    await t.page.getByTestId('verify').click();
    // The run's record, once its header line is written whole (the file appears before its first line:
    // a read at that moment found it empty, CI).
    const headerLine = () => {
      const record = existsSync(runsDir) ? readdirSync(runsDir).find((f) => !before.has(f) && f.endsWith('.jsonl')) : undefined;
      const text = record ? readFileSync(join(runsDir, record), 'utf8') : '';
      return text.includes('\n') ? text.slice(0, text.indexOf('\n')) : null;
    };
    await poll(headerLine).not.toBe(null);
    const header = JSON.parse(headerLine()!) as { document?: { path?: string; hash: string } };
    expect(header.document).toEqual({ path: 'proofs/cauchy.md', hash: createHash('sha256').update(changed).digest('hex') });
    // And the user sees the text that was verified.
    await poll(() => t.probe.editorText()).toBe(changed);
    await poll(() => t.probe.state<string | null>('(s) => s.run && s.run.status !== "running" ? s.run.status : null'), { timeout: 60_000 }).not.toBe(null);
  });

  it('after a Verify, without unsaved edits: a finding on a step another program changed goes stale; it does not vanish', async () => {
    await t.probe.openFile('proofs/cauchy.md', { exact: true });
    await t.probe.verifyAndWait();
    await poll(verifierFindings).toContain('S8');
    const text = await t.probe.editorText();
    expect(text).toBe(onDisk('proofs/cauchy.md'));
    writeFileSync(disk('proofs/cauchy.md'), text.replace('Clearly', 'It is plain that'));
    await poll(notice).toContain('cauchy.md changed on disk; reloaded');
    await poll(() => t.probe.editorText()).toContain('It is plain that');
    // Before: the reload dropped every finding (and the score stood beside a text it never saw).
    await poll(verifierFindings).toContain('S8 stale');
    await poll(() => t.page.locator('.pw-step-card.pw-stale').count()).toBeGreaterThan(0);
  });

  it('Refine right after another program wrote the file refines the file as it is now', async () => {
    await t.probe.openFile('refine.md', { exact: true });
    const changed = `${OLD}A sentence another program added before Refine.\n`;
    writeFileSync(disk('refine.md'), changed);
    const runsDir = join(t.ws.dir, '.proofwright', 'runs');
    const before = new Set(existsSync(runsDir) ? readdirSync(runsDir) : []);
    await t.page.getByRole('button', { name: 'Refine', exact: true }).click();
    const headerLine = () => {
      const record = existsSync(runsDir) ? readdirSync(runsDir).find((f) => !before.has(f) && f.endsWith('.jsonl')) : undefined;
      const text = record ? readFileSync(join(runsDir, record), 'utf8') : '';
      return text.includes('\n') ? text.slice(0, text.indexOf('\n')) : null;
    };
    await poll(headerLine).not.toBe(null);
    const header = JSON.parse(headerLine()!) as { kind: string; document?: { path?: string; hash: string } };
    expect(header.kind).toBe('refine');
    expect(header.document).toEqual({ path: 'refine.md', hash: createHash('sha256').update(changed).digest('hex') });
    await poll(() => t.probe.editorText()).toBe(changed);
    await poll(() => t.probe.state<string | null>('(s) => s.run && s.run.status !== "running" ? s.run.status : null'), { timeout: 60_000 }).not.toBe(null);
  });

  it('with unsaved edits: the user\'s text stays; Reload from disk asks, then loads the file', async () => {
    await t.probe.openFile('dirty.md', { exact: true });
    await typeAtEnd('Mine.');
    const mine = `${OLD}Mine.`;
    writeFileSync(disk('dirty.md'), NEW);
    await poll(notice).toContain('dirty.md changed on disk');
    expect(await notice()).not.toContain('reloaded');
    expect(await t.probe.editorText()).toBe(mine);
    expect(await t.page.getByTestId('docname').textContent()).toContain('•');
    await t.page.screenshot({ path: 'e2e/artifacts/disk-changes-dirty.png' });
    const asked: string[] = [];
    // Cancel keeps the user's text.
    answerDialogs(t.page, false, asked);
    await t.page.getByTestId('notice-action').filter({ hasText: 'Reload from disk' }).click();
    await poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('Discard your unsaved changes to dirty.md');
    expect(await t.probe.editorText()).toBe(mine);
    // OK loads the file's text.
    writeFileSync(disk('dirty.md'), `${NEW}Again.\n`);
    await poll(notice).toContain('dirty.md changed on disk');
    answerDialogs(t.page, true, asked);
    await t.page.getByTestId('notice-action').filter({ hasText: 'Reload from disk' }).click();
    await poll(() => t.probe.editorText()).toBe(`${NEW}Again.\n`);
    await poll(() => t.page.getByTestId('docname').textContent()).not.toContain('•');
    expect(onDisk('dirty.md')).toBe(`${NEW}Again.\n`);
  });

  it('with unsaved edits: Keep mine, then Ctrl+S writes the user\'s text without another question', async () => {
    await t.probe.openFile('keep.md', { exact: true });
    await typeAtEnd('Mine.');
    writeFileSync(disk('keep.md'), NEW);
    await poll(notice).toContain('keep.md changed on disk');
    const asked: string[] = [];
    answerDialogs(t.page, false, asked);
    await t.page.getByTestId('notice-secondary').filter({ hasText: 'Keep mine' }).click();
    await ctrlS();
    await poll(() => t.page.getByTestId('docname').textContent()).not.toContain('•');
    expect(onDisk('keep.md')).toBe(`${OLD}Mine.`);
    expect(asked).toEqual([]);
  });

  it('the page\'s own save is not a change on disk', async () => {
    await t.probe.openFile('own.md', { exact: true });
    await typeAtEnd('Saved here.');
    await ctrlS();
    await poll(notice).toContain('Saved own.md');
    // Longer than the watch's poll and settle time: the notice still says Saved, the editor is as typed.
    await t.page.waitForTimeout(2_000);
    expect(await notice()).not.toContain('changed on disk');
    expect(await t.probe.editorText()).toBe(`${OLD}Saved here.`);
    expect(onDisk('own.md')).toBe(`${OLD}Saved here.`);
  });
});

describe('a file deleted or moved on disk while open', () => {
  it('deleted: the notice says so, the document is unsaved, and Ctrl+S asks before writing the old path', async () => {
    await t.probe.openFile('gone.md', { exact: true });
    rmSync(disk('gone.md'));
    await poll(notice).toContain('gone.md was deleted or moved on disk');
    await poll(() => t.page.getByTestId('docname').textContent()).toContain('•');
    expect(await t.probe.editorText()).toBe(OLD);
    await t.page.screenshot({ path: 'e2e/artifacts/disk-changes-deleted.png' });
    const asked: string[] = [];
    // Cancel: nothing is written; the notice offers Save as.
    answerDialogs(t.page, false, asked);
    await ctrlS();
    await poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('gone.md was deleted or moved on disk');
    await poll(notice).toContain('Not saved');
    expect(existsSync(disk('gone.md'))).toBe(false);
    // OK: written again where it was.
    answerDialogs(t.page, true, asked);
    await ctrlS();
    await poll(() => existsSync(disk('gone.md'))).toBe(true);
    expect(onDisk('gone.md')).toBe(OLD);
    await poll(() => t.page.getByTestId('docname').textContent()).not.toContain('•');
  });

  it('renamed: Ctrl+S does not silently write a second copy under the old name', async () => {
    await t.probe.openFile('moved.md', { exact: true });
    await typeAtEnd('Mine.');
    renameSync(disk('moved.md'), disk('moved-renamed.md'));
    await poll(notice).toContain('moved.md was deleted or moved on disk');
    const asked: string[] = [];
    answerDialogs(t.page, false, asked);
    await ctrlS();
    await poll(() => asked.length).toBe(1);
    await poll(notice).toContain('Not saved');
    expect(existsSync(disk('moved.md'))).toBe(false);
    expect(onDisk('moved-renamed.md')).toBe(OLD);
    expect(await t.probe.editorText()).toBe(`${OLD}Mine.`);
    // The notice's Save as… opens the Save as field, filled with the old name.
    await t.page.getByTestId('notice-action').filter({ hasText: 'Save as' }).click();
    await poll(() => t.page.getByTestId('files-dialog').getByLabel('Save as path (in the workspace)').inputValue()).toBe('moved.md');
    await t.page.keyboard.press('Escape');
  });
});
