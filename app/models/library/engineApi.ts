// The library as the engine's RPC contract sees it (app/common/contract.ts: listModels, inspectModel,
// importModel, pullModel/cancelPull with pullProgress events, catalogue). Plain data shaped to
// ModelEntrySchema / CatalogueEntrySchema / PullProgressSchema, so the engine service only forwards.

import { randomUUID } from 'node:crypto';
import type { Catalogue } from './catalogue';
import type { GgufInspection } from './gguf';
import { LibraryError, type LibraryEntry, type ModelLibrary } from './modelLibrary';

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
  /** Set when the file cannot be used (broken link, truncated…): shown instead of a summary. */
  problem?: string;
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
    ...(entry.problem ? { problem: entry.problem.message } : {}),
  };
}

/** inspectModel: the entry plus the header summary and memory estimate as `metadata`. */
export function toInspectView(entry: LibraryEntry, inspection: GgufInspection): ModelEntryView & { metadata: Record<string, unknown> } {
  return { ...toModelEntry(entry), metadata: { ...inspection } };
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
  }));
}

export interface PullProgressView {
  pullId: string;
  ref: string;
  receivedBytes: number;
  totalBytes: number | null;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  error?: string;
  /** On done: the new library entry. */
  model?: ModelEntryView;
}

/** Background pulls with ids: start returns at once; progress and the outcome arrive as events. */
export class PullManager {
  private readonly pulls = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(
    private readonly library: ModelLibrary,
    private readonly onProgress: (progress: PullProgressView) => void,
  ) {}

  start(ref: string): { pullId: string } {
    const pullId = randomUUID();
    const controller = new AbortController();
    let received = 0;
    let total: number | null = null;
    const send = (state: PullProgressView['state'], extra: Partial<PullProgressView> = {}) => {
      try {
        this.onProgress({ pullId, ref, receivedBytes: received, totalBytes: total, state, ...extra });
      } catch {
        // A failing listener must not break the download.
      }
    };
    const done = this.library
      .pull(ref, {
        signal: controller.signal,
        onProgress: (p) => {
          received = p.downloadedBytes;
          total = p.totalBytes ?? null;
          send('running');
        },
      })
      .then(
        (entry) => send('done', { model: toModelEntry(entry) }),
        (err: unknown) => {
          if (err instanceof LibraryError && err.code === 'cancelled') send('cancelled');
          else send('failed', { error: err instanceof Error ? err.message : String(err) });
        },
      )
      .finally(() => this.pulls.delete(pullId));
    this.pulls.set(pullId, { controller, done });
    return { pullId };
  }

  /** Cancels a running pull (its partial file is deleted). False when no such pull is running. */
  cancel(pullId: string): { cancelled: boolean } {
    const pull = this.pulls.get(pullId);
    if (!pull) return { cancelled: false };
    pull.controller.abort();
    return { cancelled: true };
  }

  /** Resolves when the pull has ended (whatever the outcome); at once for an unknown id. */
  async settled(pullId: string): Promise<void> {
    await this.pulls.get(pullId)?.done;
  }

  /** Cancels every running pull (engine shutdown). */
  async dispose(): Promise<void> {
    const running = [...this.pulls.values()];
    for (const p of running) p.controller.abort();
    await Promise.allSettled(running.map((p) => p.done));
  }
}
