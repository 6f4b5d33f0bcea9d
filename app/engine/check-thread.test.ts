// The editor's checker off the engine's event loop (rev16 F3): a long document's check runs on a worker
// thread, so the engine answers calls meanwhile, and a newer text stops the check of an older one.
// Ordering, not timing: "answered before the findings came", "cancelled before it could finish".
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Annotation } from '../common/annotations';
import type { CheckerFindings, EngineApi } from '../common/contract';
import { applyCheckerDelta } from '../common/checkerDelta';
import { isCheckerDelta } from '../common/contract';
import { Checker, fromProofDocument } from '../check';
import { parseProof } from '../proof';
import { CheckThread } from './checkThread';
import { startInProcessEngine } from './testing/in-process';
import type { EngineService } from './service';

/** rev16 F3's shape: a `## Part k` heading every 50 lines, `$x_{i} = i^2$` on each line; `wrong` lines state a false sum. */
function longProof(lines: number, wrong: number[] = []): string {
  const rows: string[] = [];
  for (let i = 1; i <= lines; i++) {
    if (i % 50 === 1) rows.push(`## Part ${Math.ceil(i / 50)}`);
    else if (wrong.includes(i)) rows.push(`Line ${i}: here $${i} + 1 = ${i + 2}$ by counting.`);
    else rows.push(`Line ${i}: by the rule we have $x_{${i}} = ${i}^2$, as claimed here.`);
  }
  return rows.join('\n') + '\n';
}

describe('the check thread', () => {
  const thread = new CheckThread();
  afterAll(() => thread.close());
  const input = (text: string) => fromProofDocument(parseProof(text, 'markdown'));

  it('a check cancelled before it could finish answers "cancelled"; the next one finds what a fresh checker finds', async () => {
    const text = longProof(200, [7, 120]);
    const stopped = thread.run('d1', '', undefined, input(text));
    thread.cancel(); // the same tick: the worker cannot have read the job yet, let alone checked 200 lines
    expect(await stopped).toEqual({ cancelled: true });

    const fresh = new Checker().check(input(text)).annotations;
    expect(fresh.filter((a) => a.severity === 'critical')).toHaveLength(2); // the two false sums, nothing else
    expect(await thread.run('d1', '', undefined, input(text))).toEqual({ annotations: fresh });
    // Its incremental state after the cancelled check is sound: an edit is checked as a fresh checker checks it.
    const edited = text.replace('Line 120: here $120 + 1 = 122$', 'Line 120: here $120 + 1 = 121$');
    const outcome = await thread.run('d1', '', undefined, input(edited));
    expect(outcome).toEqual({ annotations: new Checker().check(input(edited)).annotations });
    expect((outcome as { annotations: Annotation[] }).annotations.filter((a) => a.severity === 'critical')).toHaveLength(1);
  });
});

describe('a check thread whose worker cannot start', () => {
  // A packaged app missing check-worker.js, or a host that refuses worker threads: the findings must still come.
  const thread = new CheckThread(new URL('./no-such-check-worker.mjs', import.meta.url));
  afterAll(() => thread.close());
  const input = (text: string) => fromProofDocument(parseProof(text, 'markdown'));

  it('checks on the engine\'s own loop instead, and goes on doing so', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const text = longProof(60, [7]);
      expect(await thread.run('d1', '', undefined, input(text))).toEqual({ annotations: new Checker().check(input(text)).annotations });
      expect(thread.onEngineLoop).toBe(true);
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining('the check thread could not start')]);
      const edited = text.replace('$7 + 1 = 9$', '$7 + 1 = 8$');
      const outcome = (await thread.run('d1', '', undefined, input(edited))) as { annotations: Annotation[] };
      expect(outcome.annotations.filter((a) => a.severity === 'critical')).toEqual([]);
      expect(errors).toHaveBeenCalledTimes(1); // no second attempt at the worker
    } finally {
      errors.mockRestore();
    }
  });
});

describe('the engine while a long document is checked', () => {
  let base: string;
  let service: EngineService;
  let engine: EngineApi;
  const findings: CheckerFindings[] = [];
  /** Each pushed version's whole findings (deltas applied), per document. */
  const held = new Map<string, Map<number, Annotation[]>>();

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'pw-check-thread-'));
    const ws = join(base, 'ws');
    mkdirSync(ws);
    writeFileSync(join(ws, 'long.md'), longProof(1500, [777]));
    ({ service, engine } = await startInProcessEngine({ workspace: ws, userData: join(base, 'user') }, {
      checkerFindings: (f) => {
        findings.push(f);
        const versions = held.get(f.docId) ?? new Map<number, Annotation[]>();
        held.set(f.docId, versions);
        versions.set(f.version, isCheckerDelta(f) ? applyCheckerDelta(versions.get(f.base)!, f.entries) : f.annotations);
      },
    }));
  }, 120_000);

  afterAll(async () => {
    await service?.shutdown();
    rmSync(base, { recursive: true, force: true });
  });

  it('answers calls before the findings of a 1,500-line check come, and a newer text is what gets checked', async () => {
    const doc = await engine.openDocument({ path: 'long.md' });
    // Longer than the push waits for (setImmediate): on the engine's own loop, the check would hold this
    // timer, and the call after it, until the findings were pushed.
    await new Promise((r) => setTimeout(r, 50));
    const answered = await engine.getDocument({ docId: doc.docId });
    expect(answered.version).toBe(doc.version);
    expect(findings.filter((f) => f.docId === doc.docId)).toEqual([]);

    // An edit while the opened text is being checked: that check stops, the edited text is checked.
    const at = doc.text.indexOf('$777 + 1 = 779$');
    const edited = await engine.editDocument({ docId: doc.docId, edits: [{ start: at, end: at + 15, text: '$777 + 1 = 778$' }], baseVersion: doc.version });
    expect(findings.filter((f) => f.docId === doc.docId)).toEqual([]);
    await vi.waitFor(() => expect(held.get(doc.docId)?.has(edited.version)).toBe(true), { timeout: 240_000, interval: 200 });
    expect([...held.get(doc.docId)!.keys()]).toEqual([edited.version]); // the opened version's findings were never pushed: stale
    const after = held.get(doc.docId)!.get(edited.version)!;
    expect(after.filter((a) => a.severity === 'critical')).toEqual([]); // the corrected sum, and no false alarm on the rest
    expect(after).toEqual((await engine.check({ docId: doc.docId })).annotations);
  }, 300_000);
});

describe('the engine when another document opens while a long one is checked', () => {
  let base: string;
  let service: EngineService;
  let engine: EngineApi;
  /** Each push's document id and the time it came, in order. */
  const pushes: { docId: string; version: number; at: number }[] = [];
  const held = new Map<string, Map<number, Annotation[]>>();

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'pw-check-preempt-'));
    const ws = join(base, 'ws');
    mkdirSync(ws);
    // Seconds of checking (3,000 lines), under every size limit: only the order of the checks can put the other document first.
    writeFileSync(join(ws, 'long.md'), longProof(3000, [2777]));
    writeFileSync(join(ws, 'longline.md'), 'Then $a_{i} + b = c$ and '.repeat(75_000));
    writeFileSync(join(ws, 'sum-of-cubes.md'), readFileSync(new URL('../../resources/samples/sum-of-cubes.md', import.meta.url), 'utf8'));
    ({ service, engine } = await startInProcessEngine({ workspace: ws, userData: join(base, 'user') }, {
      checkerFindings: (f) => {
        pushes.push({ docId: f.docId, version: f.version, at: performance.now() });
        const versions = held.get(f.docId) ?? new Map<number, Annotation[]>();
        held.set(f.docId, versions);
        versions.set(f.version, isCheckerDelta(f) ? applyCheckerDelta(versions.get(f.base)!, f.entries) : f.annotations);
      },
    }));
  }, 120_000);

  afterAll(async () => {
    await service?.shutdown();
    rmSync(base, { recursive: true, force: true });
  });

  it("stops the long document's check: the one opened after it gets its findings first, and the long one's come after", async () => {
    const long = await engine.openDocument({ path: 'long.md' });
    await new Promise((r) => setTimeout(r, 300)); // its check has started on the thread
    const cubes = await engine.openDocument({ path: 'sum-of-cubes.md' });
    await vi.waitFor(() => expect(held.get(cubes.docId)?.has(cubes.version)).toBe(true), { timeout: 60_000, interval: 100 });
    expect(pushes.map((p) => p.docId)).toEqual([cubes.docId]); // before the long one's, not queued behind it
    const slip = held.get(cubes.docId)!.get(cubes.version)!.filter((a) => a.severity === 'critical');
    expect(slip.map((a) => a.message)).toEqual([expect.stringMatching(/^Computation fails at \$n = \d+\$/)]);
    // The long document was not dropped: its check runs again once nothing newer is due, and finds its slip.
    await vi.waitFor(() => expect(held.get(long.docId)?.has(long.version)).toBe(true), { timeout: 240_000, interval: 200 });
    expect(held.get(long.docId)!.get(long.version)!.filter((a) => a.severity === 'critical')).toHaveLength(1);
  }, 300_000);

  it('says a 1.9 MB line is too long to check, and checks the document opened after it within seconds', async () => {
    const line = await engine.openDocument({ path: 'longline.md' });
    const cubes = await engine.openDocument({ path: 'sum-of-cubes.md' });
    // This document's text is already checked (the test above): ask for its findings as a page that switched to it does.
    const started = performance.now();
    const answer = await engine.check({ docId: cubes.docId });
    expect(answer.annotations.filter((a) => a.severity === 'critical').map((a) => a.message)).toEqual([expect.stringMatching(/^Computation fails at \$n = \d+\$/)]);
    expect(performance.now() - started).toBeLessThan(10_000);
    const noted = await engine.check({ docId: line.docId });
    expect(noted.annotations.map((a) => a.message)) // its last space aside.toEqual(['Not checked: this line is too long to check (1,874,999 characters; the limit is 100,000)']);
  }, 120_000);
});
