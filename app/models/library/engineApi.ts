// The library as the engine's RPC contract sees it (app/common/contract.ts: listModels, inspectModel,
// importModel, pullModel/cancelPull with pullProgress events, catalogue). Plain data shaped to
// ModelEntrySchema / CatalogueEntrySchema / PullProgressSchema, so the engine service only forwards.

import { randomUUID } from 'node:crypto';
import type { Catalogue } from './catalogue';
import type { GgufInspection } from './gguf';
import type { ModelInspection, PendingPull, PullState } from '../../common/model-library';
import { LibraryError, type LibraryEntry, type LibraryErrorCode, type ModelLibrary } from './modelLibrary';

export interface ModelEntryView {
  id: string;
  name: string;
  path?: string;
  sizeBytes?: number;
  architecture?: string;
  parameters?: string;
  quantization?: string;
  contextLength?: number;
  linked: boolean;
  /** For a linked model, the file the user imported: what `path` (the library's link) points at. */
  target?: string;
  /** Set when the file cannot be used (broken link, truncated…): shown instead of a summary. */
  problem?: string;
  /** What it was pulled from (a catalogue ref, a URL); absent for imported files. */
  source?: string;
  /** How many files a split model is in (absent for one file); `sizeBytes` is all of them. */
  splitParts?: number;
}

export function toModelEntry(entry: LibraryEntry): ModelEntryView {
  const s = entry.summary;
  return {
    id: entry.name,
    name: s?.name ?? entry.name,
    path: entry.path,
    sizeBytes: entry.sizeBytes,
    ...(s ? { architecture: s.architecture, parameters: s.parameterLabel, quantization: s.quantization } : {}),
    ...(s?.contextLength !== undefined ? { contextLength: s.contextLength } : {}),
    linked: entry.linked,
    ...(entry.target ? { target: entry.target } : {}),
    ...(entry.problem ? { problem: entry.problem.message } : {}),
    ...(entry.source ? { source: entry.source } : {}),
    ...(s?.splitParts ? { splitParts: s.splitParts } : {}),
  };
}

/** inspectModel: the entry, the card's facts (`inspection`) and, for scripts, the whole summary as `metadata`. */
export function toInspectView(entry: LibraryEntry, inspection: GgufInspection): ModelEntryView & { metadata: Record<string, unknown>; inspection: ModelInspection } {
  const i = inspection;
  const card: ModelInspection = {
    architecture: i.architecture,
    parameters: i.parameterLabel,
    parameterCount: i.parameterCount,
    quantization: i.quantization,
    fileSize: i.fileSize,
    ...Object.fromEntries(
      (['splitParts', 'contextLength', 'layers', 'embeddingLength', 'headCount', 'headCountKv', 'vocabSize', 'chatTemplate'] as const)
        .filter((k) => i[k] !== undefined)
        .map((k) => [k, i[k]]),
    ),
    memory: { ...i.memory },
  };
  return { ...toModelEntry(entry), metadata: { ...inspection }, inspection: card };
}

export interface CatalogueEntryView {
  /** What pullModel takes (or, for server-only models, an example openai: backend spec). */
  ref: string;
  name: string;
  sizeBytes?: number;
  description: string;
  parameters: string;
  backend: 'local' | 'openai';
  suitability: string;
  profile: string;
  approxMemoryBytes: number;
  /** From the source's quantisation tag or file name (Q8_0, Q4_K_M…); absent when it does not say. */
  quantization?: string;
  contextLength: number;
}

/** The quantisation a pull source names: `hf:USER/REPO:Q4_K_M`, or a file name `…-Q8_0.gguf`. */
export function quantizationOf(source: string | null): string | undefined {
  if (!source) return undefined;
  const tag = /^hf:[^/]+\/[^/:]+:([^/]+)$/.exec(source)?.[1];
  if (tag) return tag.toUpperCase();
  return /[-_.]((?:I?Q\d[\w]*|F16|BF16|F32))\.gguf$/i.exec(source)?.[1]?.toUpperCase();
}

export function toCatalogueEntries(catalogue: Catalogue): CatalogueEntryView[] {
  return catalogue.models.map((m) => ({
    ref: m.source ?? m.server ?? m.id,
    name: m.name,
    sizeBytes: Math.round(m.approxDownloadGB * 1e9),
    description: m.notes,
    parameters: m.parameters,
    backend: m.backend,
    suitability: m.suitability,
    profile: m.profile,
    approxMemoryBytes: Math.round(m.approxMemoryGB * 1e9),
    contextLength: m.contextLength,
    ...(quantizationOf(m.source) ? { quantization: quantizationOf(m.source) } : {}),
  }));
}

export interface PullProgressView {
  pullId: string;
  ref: string;
  /** The file name in the library (known once the source is resolved). */
  fileName?: string;
  /** The source's own file name when another download holds it and this one is saved as `fileName`. */
  renamedFrom?: string;
  receivedBytes: number;
  totalBytes: number | null;
  /** Bytes already on disk from an earlier, paused or interrupted attempt. */
  resumedFromBytes?: number;
  /** Over the last few seconds; null until two progress reports have arrived. */
  bytesPerSecond?: number | null;
  /** At that speed; null when the size or the speed is unknown. */
  etaSeconds?: number | null;
  /** Of a split model: the part downloading now (1-based); the bytes are the whole model's. */
  part?: { index: number; count: number };
  state: PullState;
  error?: string;
  /**
   * On failed: the reference was refused before any byte came (not a model reference, a file on this
   * machine, a name taken, no such repository): asking again the same way gives the same answer, so
   * there is nothing to resume.
   */
  refused?: boolean;
  /** On done: the new library entry. */
  model?: ModelEntryView;
}

/**
 * Download speed over a sliding window of recent samples (not since the start: a resumed pull or a
 * connection that slowed down would otherwise show a stale figure).
 */
export class RateMeter {
  private readonly samples: { at: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 3000) {}

  /** Records `bytes` received so far at `at` (ms) and returns bytes per second over the window, or null. */
  add(at: number, bytes: number): number | null {
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[1].at >= this.windowMs) this.samples.shift();
    const first = this.samples[0];
    const elapsed = at - first.at;
    if (this.samples.length < 2 || elapsed <= 0) return null;
    return Math.max(0, ((bytes - first.bytes) * 1000) / elapsed);
  }
}

/** Failures that are answers about the reference itself, not a transfer that stopped (see PullProgressView.refused). */
const REFUSALS = new Set<LibraryErrorCode>(['bad-source', 'bad-name', 'exists']);

interface RunningPull {
  ref: string;
  fileName?: string;
  renamedFrom?: string;
  part?: { index: number; count: number };
  received: number;
  total: number | null;
  controller: AbortController;
  done: Promise<void>;
  /** Cancel (delete the partial file) rather than pause. */
  discard: boolean;
}

/**
 * Background pulls with ids: start returns at once; progress (with speed and ETA) and the outcome
 * arrive as events. A pull of a ref already running returns that pull's id. Cancel pauses by default
 * (the bytes stay in the library's `.partial/`, and pulling the same ref again resumes them with an
 * HTTP Range request); with `discard` the partial file is deleted.
 */
export class PullManager {
  private readonly pulls = new Map<string, RunningPull>();

  constructor(
    private readonly library: ModelLibrary,
    private readonly onProgress: (progress: PullProgressView) => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(ref: string): { pullId: string } {
    for (const [pullId, pull] of this.pulls) if (pull.ref === ref) return { pullId };
    const pullId = randomUUID();
    const controller = new AbortController();
    const meter = new RateMeter();
    let resumedFromBytes = 0;
    let bytesPerSecond: number | null = null;
    const send = (state: PullState, extra: Partial<PullProgressView> = {}) => {
      const pull = this.pulls.get(pullId) ?? running;
      const left = pull.total === null ? null : pull.total - pull.received;
      const etaSeconds = left !== null && bytesPerSecond ? Math.ceil(left / bytesPerSecond) : null;
      try {
        this.onProgress({
          pullId, ref, receivedBytes: pull.received, totalBytes: pull.total, resumedFromBytes, bytesPerSecond, etaSeconds, state,
          ...(pull.fileName ? { fileName: pull.fileName } : {}), ...(pull.renamedFrom ? { renamedFrom: pull.renamedFrom } : {}), ...(pull.part && state === 'running' ? { part: pull.part } : {}), ...extra,
        });
      } catch {
        // A failing listener must not break the download.
      }
    };
    const running: RunningPull = { ref, received: 0, total: null, controller, discard: false, done: Promise.resolve() };
    running.done = this.library
      .pull(ref, {
        signal: controller.signal,
        keepPartialOnCancel: true,
        onProgress: (p) => {
          running.fileName = p.fileName;
          running.renamedFrom = p.renamedFrom;
          running.part = p.part;
          running.received = p.downloadedBytes;
          running.total = p.totalBytes ?? null;
          resumedFromBytes = p.resumedFromBytes;
          bytesPerSecond = meter.add(this.now(), p.downloadedBytes);
          send('running');
        },
      })
      .then(
        (entry) => send('done', { model: toModelEntry(entry), bytesPerSecond: null, etaSeconds: null }),
        async (err: unknown) => {
          if (err instanceof LibraryError && err.code === 'cancelled') {
            if (running.discard && running.fileName) await this.library.discardPartial(running.fileName).catch(() => false);
            send(running.discard ? 'cancelled' : 'paused', { bytesPerSecond: null, etaSeconds: null });
          } else {
            const refused = err instanceof LibraryError && REFUSALS.has(err.code) && running.received === 0;
            send('failed', { error: err instanceof Error ? err.message : String(err), bytesPerSecond: null, etaSeconds: null, ...(refused ? { refused } : {}) });
          }
        },
      )
      .finally(() => this.pulls.delete(pullId));
    this.pulls.set(pullId, running);
    return { pullId };
  }

  /**
   * Stops a running pull: a pause keeps its bytes for a resume, `discard` deletes them. The outcome
   * (`paused` / `cancelled`) arrives as an event once the transfer has stopped. False when no such pull runs.
   */
  cancel(pullId: string, options: { discard?: boolean } = {}): { cancelled: boolean } {
    const pull = this.pulls.get(pullId);
    if (!pull) return { cancelled: false };
    pull.discard = options.discard ?? false;
    pull.controller.abort();
    return { cancelled: true };
  }

  /** Pulls running now, then those paused on disk (resume by starting the same ref again). */
  async pending(): Promise<PendingPull[]> {
    const running: PendingPull[] = [...this.pulls].map(([pullId, p]) => ({
      pullId, ref: p.ref, fileName: p.fileName ?? p.ref, receivedBytes: p.received, totalBytes: p.total, state: 'running',
    }));
    const paused: PendingPull[] = (await this.library.partials()).map((p) => ({
      ref: p.source, fileName: p.fileName, receivedBytes: p.receivedBytes, totalBytes: p.totalBytes ?? null, state: 'paused',
    }));
    return [...running, ...paused.filter((p) => !running.some((r) => r.fileName === p.fileName))];
  }

  /** Resolves when the pull has ended (whatever the outcome); at once for an unknown id. */
  async settled(pullId: string): Promise<void> {
    await this.pulls.get(pullId)?.done;
  }

  /** Stops every running pull, keeping their bytes for a resume at the next start (engine shutdown). */
  async dispose(): Promise<void> {
    const running = [...this.pulls.values()];
    for (const p of running) p.controller.abort();
    await Promise.allSettled(running.map((p) => p.done));
  }
}
