// Run records: one append-only JSONL file per run at <workspace>/.proofwright/runs/<runId>.jsonl.
// Line 1 is the header, then one line per finished model call, then a summary line. A run without a
// summary (the process died) loads with status 'interrupted'; its finished calls are all there.
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RunKind, RunStatus } from '../common/events';
import { bestStandingOf, type BestStanding } from '../common/ranking';
import { isProveStatus, pointsOf, sampleVerdictsOf, type PointsMean, type ProveStatus, type SampleVerdicts } from '../common/run-status';
import { JsonlAppender, readJsonl } from './jsonl';
import { writeFileSafely } from './safe-write';
import {
  callLine,
  countSearchCalls,
  headerLine,
  summaryLine,
  type CallRecord,
  type RunHeader,
  type RunOutcome,
  type StoredHeader,
  type StoredSummary,
} from './records';

export type LoadedRunStatus = RunStatus | 'interrupted';

/**
 * The selection a verify run covered, from its header's params (`params.selection`, character offsets
 * in the document); undefined for a run on the whole proof or a record without a readable one.
 */
export function selectionOfParams(params: unknown): { start: number; end: number } | undefined {
  const selection = (params as { selection?: { start?: unknown; end?: unknown } } | null | undefined)?.selection;
  return selection && typeof selection.start === 'number' && typeof selection.end === 'number' ? { start: selection.start, end: selection.end } : undefined;
}

export interface RunListing {
  runId: string;
  kind: RunKind;
  createdAt: string;
  status: LoadedRunStatus;
  score: number | null;
  documentPath?: string;
  backend: string;
  /** The calls the run made (its result's count; cancelled attempts issued again on a resume count once). */
  calls: number;
  /** Calls that failed (no answer from the model); a completed run can have some. */
  failedCalls: number;
  /** The time the run worked, ms (workedMs); null when its record does not say. */
  workedMs: number | null;
  /** Of `calls`, re-issues of attempts a resumed run's record held as cancelled or failed (absent: none). */
  reissuedCalls?: number;
  /**
   * Prove runs with a result: how the search ended. `score` is then the best candidate's mean, which
   * is 1 also for a search that was exhausted or cancelled without a pass; this says which it was.
   */
  proveStatus?: ProveStatus;
  /**
   * Prove runs with a best candidate: the verdicts its mean rests on, of those requested, and whether
   * that is enough to rank it (app/common/ranking.ts); an unranked best's mean is no measure of it.
   */
  proveBest?: BestStanding;
  /** Verify runs with a result: how many samples gave a verdict, of those requested. */
  verdicts?: SampleVerdicts;
  /** Graded verify runs: their mean points, of the scale's top. */
  points?: PointsMean;
  /** A verify run of a selection: the range it covered (its score is the selection's), from its params. */
  selection?: { start: number; end: number };
}

/** A run file that could not be read: its id (from the file name), path and why. */
export interface DamagedRun {
  runId: string;
  path: string;
  reason: string;
}

export interface LoadedRun {
  runId: string;
  header: StoredHeader;
  calls: CallRecord[];
  summary: StoredSummary | null;
  status: LoadedRunStatus;
  /** Torn or corrupt lines that were skipped. */
  warnings: string[];
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** Beside the run files: the paths of runs made before their document had a file (RunStore.adoptRuns). */
const ADOPTED_FILE = 'adopted.json';

export class RunNotFoundError extends Error {
  constructor(readonly runId: string) {
    super(`no run "${runId}" in this workspace`);
    this.name = 'RunNotFoundError';
  }
}

/** Writes one run. Appends are durable (fsync) and ordered; nothing written is ever rewritten. */
export class RunWriter {
  private callCount: number;
  /** Calls this writer recorded as failed (a resumed run re-issues the failed calls it found). */
  private failedCount = 0;
  private finished = false;

  /** When this writer started (this stretch of the run's work), ms since the epoch. */
  private readonly startedAt = Date.now();

  /**
   * `priorCalls`: call lines already in the file (a resumed run keeps counting from there);
   * `priorWorkedMs`: the time the run worked before (workedMs of the record reopened).
   */
  constructor(
    readonly runId: string,
    readonly path: string,
    private readonly file: JsonlAppender,
    priorCalls = 0,
    private readonly priorWorkedMs = 0,
  ) {
    this.callCount = priorCalls;
  }

  get calls(): number {
    return this.callCount;
  }

  async appendCall(record: CallRecord): Promise<void> {
    if (this.finished) throw new Error(`run ${this.runId} is finished; cannot append a call`);
    this.callCount++;
    if (record.status === 'failed') this.failedCount++;
    await this.file.append({ type: 'call', ...record });
  }

  /** Write the summary line (with the failed-call count, unless given) and close the file. Calling it twice is a no-op. */
  async finish(summary: RunOutcome): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const now = Date.now();
    const line: StoredSummary = { type: 'summary', failedCalls: this.failedCount, workedMs: this.priorWorkedMs + Math.max(0, now - this.startedAt), ...summary, finishedAt: new Date(now).toISOString() };
    try {
      await this.file.append(line);
    } finally {
      await this.file.close();
    }
  }
}

export class RunStore {
  private constructor(readonly dir: string) {}

  /** The store of a workspace folder (created on first write). */
  static async open(workspaceDir: string): Promise<RunStore> {
    return new RunStore(join(workspaceDir, '.proofwright', 'runs'));
  }

  /**
   * Files runs made on a document before it had a file (an untitled proof verified, then saved) under
   * the workspace path it was saved as (client form, as headers hold it): History and `runs` list them
   * with the document from then on. Records are append-only, so the path is kept beside them in
   * `adopted.json` ({ runId: path }); a run whose header names a document path keeps it.
   */
  async adoptRuns(runIds: readonly string[], documentPath: string): Promise<void> {
    // One read-change-write at a time: two documents saved at once each wrote back the file as it was
    // before the other's entry (rev4: three of four filings lost).
    const turn = this.adopting.then(() => this.adoptNow(runIds, documentPath));
    this.adopting = turn.catch(() => undefined);
    return turn;
  }

  private adopting: Promise<void> = Promise.resolve();

  private async adoptNow(runIds: readonly string[], documentPath: string): Promise<void> {
    const path = join(this.dir, ADOPTED_FILE);
    const { paths: adopted, damaged } = await this.readAdopted();
    let changed = false;
    for (const runId of runIds) {
      // The map just read: listingOf would read adopted.json again for every run.
      const listing = RUN_ID.test(runId) ? await this.listing(join(this.dir, `${runId}.jsonl`), adopted).catch(() => null) : null;
      if (!listing || listing.documentPath !== undefined) continue;
      adopted.set(runId, documentPath);
      changed = true;
    }
    if (!changed) return;
    await mkdir(this.dir, { recursive: true });
    // A file that cannot be read is kept aside, not written over: the filings in it can be read by hand.
    if (damaged) await rename(path, `${path}.damaged-${Date.now()}`);
    await writeFileSafely(path, `${JSON.stringify({ version: 1, paths: Object.fromEntries(adopted) }, null, 1)}\n`);
  }

  /** The adopted paths (runId → document path); an absent file is none, an unreadable one none and `damaged`. */
  private async readAdopted(): Promise<{ paths: Map<string, string>; damaged: boolean }> {
    let text: string;
    try {
      text = await readFile(join(this.dir, ADOPTED_FILE), 'utf8');
    } catch (error) {
      return { paths: new Map(), damaged: (error as NodeJS.ErrnoException).code !== 'ENOENT' };
    }
    const paths = (parseLine(text) as { paths?: unknown } | undefined)?.paths;
    const out = new Map<string, string>();
    if (!paths || typeof paths !== 'object') return { paths: out, damaged: true };
    for (const [runId, path] of Object.entries(paths)) if (RUN_ID.test(runId) && typeof path === 'string' && path) out.set(runId, path);
    return { paths: out, damaged: false };
  }

  /** The adopted paths (runId → document path); an absent or unreadable file is none (the runs stay unfiled). */
  private async adopted(): Promise<Map<string, string>> {
    return (await this.readAdopted()).paths;
  }

  async createRun(header: RunHeader): Promise<RunWriter> {
    await mkdir(this.dir, { recursive: true });
    const now = new Date();
    for (let attempt = 0; ; attempt++) {
      const runId = newRunId(header.kind, now);
      const path = join(this.dir, `${runId}.jsonl`);
      let file: JsonlAppender;
      try {
        file = await JsonlAppender.open(path, { exclusive: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
        throw error;
      }
      const stored: StoredHeader = { type: 'header', version: 1, runId, createdAt: now.toISOString(), ...header };
      await file.append(stored);
      await syncDir(this.dir);
      return new RunWriter(runId, path, file);
    }
  }

  /**
   * Reopen an unfinished run to continue it (`prove --resume`): its record as loaded, and a writer
   * that appends to the same file. A torn last line (the process died mid-write) is closed with a
   * newline first, so it stays one skipped line. Throws RunNotFoundError, or an Error for a run that
   * completed. A cancelled run's summary stays; the resumed run appends a newer one, and readers take
   * the last.
   */
  async reopenRun(runId: string): Promise<{ run: LoadedRun; writer: RunWriter }> {
    const run = await this.loadRun(runId);
    if (run.status === 'completed') throw new Error(`run ${runId} is already completed; nothing to resume`);
    const path = join(this.dir, `${runId}.jsonl`);
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const last = Buffer.alloc(1);
      if (size > 0) await handle.read(last, 0, 1, size - 1);
      if (size > 0 && last.toString('utf8') !== '\n') await appendFile(path, '\n');
    } finally {
      await handle.close();
    }
    return { run, writer: new RunWriter(runId, path, await JsonlAppender.open(path), run.calls.length, workedMs(run) ?? 0) };
  }

  /** All readable runs, newest first (see listRunsAndDamage for the ones that could not be read). */
  async listRuns(): Promise<RunListing[]> {
    return (await this.listRunsAndDamage()).runs;
  }

  /**
   * All runs, newest first, and every run file that could not be read, with the reason (a damaged
   * header, an unreadable file): damage is listed, never silently dropped.
   */
  async listRunsAndDamage(): Promise<{ runs: RunListing[]; damaged: DamagedRun[] }> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [], damaged: [] };
      throw error;
    }
    const listings: RunListing[] = [];
    const damaged: DamagedRun[] = [];
    const adopted = await this.adopted();
    for (const name of names.sort()) {
      if (!name.endsWith('.jsonl') || !RUN_ID.test(name.slice(0, -'.jsonl'.length))) continue;
      const path = join(this.dir, name);
      try {
        listings.push(await this.listing(path, adopted));
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message.replace(/^run \S+: /, '');
        damaged.push({ runId: name.slice(0, -'.jsonl'.length), path, reason });
      }
    }
    listings.sort((a, b) => (a.createdAt === b.createdAt ? b.runId.localeCompare(a.runId) : b.createdAt.localeCompare(a.createdAt)));
    return { runs: listings, damaged };
  }

  /**
   * One run's listing, as `listRuns` gives it (first and last lines only). Throws RunNotFoundError
   * for a malformed id or a missing file, and the read or parse error for a damaged one.
   */
  async listingOf(runId: string): Promise<RunListing> {
    if (!RUN_ID.test(runId)) throw new RunNotFoundError(runId);
    try {
      return await this.listing(join(this.dir, `${runId}.jsonl`), await this.adopted());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new RunNotFoundError(runId);
      throw error;
    }
  }

  /**
   * One run's listing from its first and last lines only (records of long runs are large); a run
   * without a summary (interrupted) is read in full to count its calls.
   */
  private async listing(path: string, adopted: ReadonlyMap<string, string>): Promise<RunListing> {
    const { head, tail } = await readEnds(path, 64 * 1024);
    const newline = head.indexOf('\n');
    const header = headerLine.safeParse(newline >= 0 ? parseLine(head.slice(0, newline)) : undefined);
    const complete = tail.endsWith('\n') ? tail.slice(0, -1) : '';
    const summary = summaryLine.safeParse(parseLine(complete.slice(complete.lastIndexOf('\n') + 1)));
    let data: StoredHeader;
    let calls: number;
    let status: LoadedRunStatus;
    let score: number | null = null;
    let failedCalls: number;
    let outcome: StoredSummary | null;
    let callLines: Pick<LoadedRun, 'calls'>['calls'] = [];
    if (header.success && summary.success && summary.data.failedCalls !== undefined) {
      data = header.data as unknown as StoredHeader;
      outcome = summary.data as unknown as StoredSummary;
      calls = summary.data.calls;
      failedCalls = summary.data.failedCalls;
      status = summary.data.status;
      score = typeof summary.data.score === 'number' ? summary.data.score : null;
    } else {
      const runId = basename(path, '.jsonl');
      const run = await this.loadRun(runId);
      data = run.header;
      outcome = run.summary;
      calls = callCount(run);
      callLines = run.calls;
      failedCalls = run.calls.filter((c) => c.status === 'failed').length;
      status = run.status;
      score = run.summary?.score ?? null;
    }
    const reissued = typeof outcome?.reissuedCalls === 'number' && outcome.reissuedCalls > 0 ? outcome.reissuedCalls : undefined;
    const proveStatus = data.kind === 'prove' ? proveStatusOf(outcome?.result) : undefined;
    const proveBest = data.kind === 'prove' ? bestStandingOf(outcome?.result) : undefined;
    const verdicts = data.kind === 'verify' ? sampleVerdictsOf(outcome?.result) : undefined;
    const points = data.kind === 'verify' ? pointsOf(outcome?.result) : undefined;
    const selection = selectionOfParams(data.params);
    return {
      runId: data.runId,
      kind: data.kind,
      createdAt: data.createdAt,
      status,
      score,
      documentPath: data.document?.path ?? adopted.get(data.runId),
      backend: data.backend.spec,
      calls,
      failedCalls,
      workedMs: workedMs({ header: data, summary: outcome, calls: callLines }),
      ...(reissued ? { reissuedCalls: reissued } : {}),
      ...(proveStatus ? { proveStatus } : {}),
      ...(proveBest ? { proveBest } : {}),
      ...(verdicts ? { verdicts } : {}),
      ...(points ? { points } : {}),
      ...(selection ? { selection } : {}),
    };
  }

  async loadRun(runId: string): Promise<LoadedRun> {
    if (!RUN_ID.test(runId)) throw new RunNotFoundError(runId);
    let read;
    try {
      read = await readJsonl(join(this.dir, `${runId}.jsonl`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new RunNotFoundError(runId);
      throw error;
    }
    const warnings = [...read.warnings];
    const [first, ...rest] = read.records;
    const header = headerLine.safeParse(first);
    if (!header.success) throw new Error(`run ${runId}: the first line is not a run header`);
    const calls: CallRecord[] = [];
    let summary: StoredSummary | null = null;
    rest.forEach((record, i) => {
      const call = callLine.safeParse(record);
      if (call.success) {
        const { type: _type, ...fields } = call.data;
        calls.push(fields as unknown as CallRecord);
        return;
      }
      const done = summaryLine.safeParse(record);
      if (done.success) summary = done.data as unknown as StoredSummary;
      else warnings.push(`record ${i + 2}: not a call or summary, skipped`);
    });
    const finalSummary = summary as StoredSummary | null;
    const stored = header.data as unknown as StoredHeader;
    // Made before its document had a file: the path it was saved as since (adoptRuns).
    const adoptedPath = stored.document && stored.document.path === undefined ? (await this.adopted()).get(runId) : undefined;
    return {
      runId,
      header: adoptedPath !== undefined && stored.document ? { ...stored, document: { ...stored.document, path: adoptedPath } } : stored,
      calls,
      summary: finalSummary,
      status: finalSummary?.status ?? 'interrupted',
      warnings,
    };
  }
}

/**
 * The calls a run made, as History, the Run panel and `runs` count them: its summary's count, else
 * (no summary: the process died; or an old one that did not count failures) its call lines with a
 * cancelled attempt issued again counted once (countSearchCalls). Never the bare number of call lines,
 * which counts each re-issued call of a resumed run twice (rev16 F6).
 */
export function callCount(run: Pick<LoadedRun, 'summary' | 'calls'>): number {
  return run.summary && run.summary.failedCalls !== undefined ? run.summary.calls : countSearchCalls(run.calls);
}

/**
 * The time a run worked, ms, from its record: its summary's `workedMs`; for a summary written before
 * that was kept, from the start to the summary; for a run without a summary (the process died), from
 * the start to the end of its last recorded call. Null when the record says nothing of it.
 */
export function workedMs(run: Pick<LoadedRun, 'header' | 'summary' | 'calls'>): number | null {
  const start = Date.parse(run.header.createdAt);
  if (run.summary) return typeof run.summary.workedMs === 'number' ? run.summary.workedMs : Math.max(0, Date.parse(run.summary.finishedAt) - start);
  const ends = run.calls.map((c) => Date.parse(c.timings?.startedAt ?? '') + (c.timings?.totalMs ?? 0)).filter(Number.isFinite);
  return ends.length > 0 ? Math.max(0, Math.max(...ends) - start) : null;
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** The first and last `bytes` of a file (the whole file when it is small). */
async function readEnds(path: string, bytes: number): Promise<{ head: string; tail: string }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= 2 * bytes) {
      const text = (await handle.readFile()).toString('utf8');
      return { head: text, tail: text };
    }
    const head = Buffer.alloc(bytes);
    const tail = Buffer.alloc(bytes);
    await handle.read(head, 0, bytes, 0);
    await handle.read(tail, 0, bytes, size - bytes);
    return { head: head.toString('utf8'), tail: tail.toString('utf8') };
  } finally {
    await handle.close();
  }
}

function newRunId(kind: RunKind, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${kind}-${randomBytes(3).toString('hex')}`;
}

/** Make the new file's directory entry durable too (best effort: not every platform allows it). */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot fsync a directory; the file itself is still fsync'd.
  }
}


/** The `status` of a stored ProveResult, if the summary holds one (records are read leniently). */
function proveStatusOf(result: unknown): RunListing['proveStatus'] {
  const status = (result as { status?: unknown } | null | undefined)?.status;
  return isProveStatus(status) ? status : undefined;
}
