// Damage is reported, not hidden: a bad settings field falls back alone (the file is backed up and
// left as it was), a damaged recent.json or recovery copy is moved aside and reported, and the CLI
// lists damaged run records with the reason.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineApi } from '../common/contract';
import { main } from '../cli/main';
import { captureIO } from '../cli/testing/capture-io';
import type { EngineService } from './service';
import { startInProcessEngine } from './testing/in-process';

let base: string;
let ws: string;
let user: string;
let service: EngineService;
let engine: EngineApi;

const SETTINGS = JSON.stringify({ profile: 'deepseek-math-v2', concurrency: -3, futureOption: true, verify: { samples: 7, meta: 'yes' }, theme: 'dark' });

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'pw-damage-'));
  ws = join(base, 'ws');
  user = join(base, 'user');
  mkdirSync(ws, { recursive: true });
  mkdirSync(user, { recursive: true });
  writeFileSync(join(user, 'settings.json'), SETTINGS);
  writeFileSync(join(user, 'recent.json'), '[{"path": "a.md", "na');
  ({ service, engine } = await startInProcessEngine({ workspace: ws, userData: user }));
});
afterAll(async () => {
  await service?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

describe('settings.json with bad fields', () => {
  it('keeps every valid field, defaults only the bad ones, and says which', async () => {
    const settings = await engine.getSettings();
    expect(settings).toMatchObject({ profile: 'deepseek-math-v2', theme: 'dark', concurrency: 4, verify: { samples: 7, meta: false } });
    const warning = (await engine.engineInfo()).warnings?.find((w) => w.startsWith('settings.json'));
    expect(warning).toMatch(/concurrency: Too small/);
    expect(warning).toMatch(/Unrecognized key: "futureOption"/);
    expect(warning).toMatch(/verify\.meta: Invalid input: expected boolean/);
    expect(warning).toMatch(/These fields use their defaults; the others were kept\. The file as it was is kept at <user data>\/settings\.json\.damaged-/);
  });

  it('names backups inside the user-data folder without its absolute path (a network client is elsewhere)', async () => {
    const warnings = (await engine.engineInfo()).warnings ?? [];
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) expect(w).not.toContain(user);
  });

  it('backs the file up and leaves it untouched until the user changes a setting', async () => {
    expect(readFileSync(join(user, 'settings.json'), 'utf8')).toBe(SETTINGS);
    const backup = readdirSync(user).find((n) => n.startsWith('settings.json.damaged-'));
    expect(readFileSync(join(user, backup!), 'utf8')).toBe(SETTINGS);
    await engine.setSettings({ theme: 'light' });
    expect(JSON.parse(readFileSync(join(user, 'settings.json'), 'utf8'))).toMatchObject({ profile: 'deepseek-math-v2', theme: 'light', concurrency: 4 });
    expect(readFileSync(join(user, backup!), 'utf8')).toBe(SETTINGS);
  });
});

describe('damaged state files', () => {
  it('moves a damaged recent.json aside and reports it instead of emptying it', async () => {
    const warnings = (await engine.engineInfo()).warnings ?? [];
    expect(warnings).toContainEqual(expect.stringMatching(/^recent\.json was damaged and is not used \(moved to .*recent\.json\.damaged-/));
    const aside = readdirSync(user).find((n) => n.startsWith('recent.json.damaged-'));
    expect(readFileSync(join(user, aside!), 'utf8')).toBe('[{"path": "a.md", "na');
  });

  it('lists good recovery copies, and moves a damaged one aside with a warning', async () => {
    const doc = await engine.newDocument({});
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: 'unsaved work' }] });
    const { recoveryId } = await engine.saveRecovery({ docId: doc.docId });
    const dir = readdirSync(join(user, 'recovery'))[0];
    writeFileSync(join(user, 'recovery', dir, 'new-broken.json'), '{"recoveryId": "new-broken", "text": "half');
    const list = await engine.listRecoveries();
    expect(list.map((r) => r.recoveryId)).toEqual([recoveryId]);
    const warnings = (await engine.engineInfo()).warnings ?? [];
    expect(warnings).toContainEqual(expect.stringMatching(/^recovery copy new-broken\.json is damaged \(.*not valid JSON\): moved to .*new-broken\.json\.damaged-/));
    const files = readdirSync(join(user, 'recovery', dir));
    expect(files.some((n) => n.startsWith('new-broken.json.damaged-'))).toBe(true);
  });
});

describe('proofwright runs', () => {
  it('lists damaged run records as damaged, with the reason', async () => {
    const runs = join(ws, '.proofwright', 'runs');
    mkdirSync(runs, { recursive: true });
    writeFileSync(join(runs, '20260101T000000Z-verify-abcdef.jsonl'), 'not json at all\n');
    writeFileSync(join(runs, '20260101T000001Z-verify-012345.jsonl'), '');
    const io = captureIO(ws);
    expect(await main(['runs'], io)).toBe(0);
    expect(io.out).toContain('20260101T000000Z-verify-abcdef  damaged: the first line is not a run header');
    expect(io.out).toContain('20260101T000001Z-verify-012345  damaged: the first line is not a run header');
    expect(io.err).toMatch(/2 run records are damaged/);
    const json = captureIO(ws);
    expect(await main(['runs', '--json'], json)).toBe(0);
    expect(JSON.parse(json.out)).toContainEqual(expect.objectContaining({ runId: '20260101T000000Z-verify-abcdef', status: 'damaged', reason: 'the first line is not a run header' }));
  });

  it('gives the app the damaged records with the reason, and no file paths', async () => {
    // Written by the test above (same workspace).
    expect(await engine.damagedRuns()).toEqual([
      { runId: '20260101T000000Z-verify-abcdef', reason: 'the first line is not a run header' },
      { runId: '20260101T000001Z-verify-012345', reason: 'the first line is not a run header' },
    ]);
    expect(await engine.listRuns({})).toEqual([]);
  });
});
