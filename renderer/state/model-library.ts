// The model library's state in the workbench: catalogue, library models with their inspect cards,
// pulls (pushed by the engine as pullProgress events, never polled), this machine's memory. Actions
// call the engine; the loaded model itself stays in the workbench store (`backend`).
import { create } from 'zustand';
import type { CatalogueEntry, ModelEntry, PullProgress } from '../../app/common/contract';
import { modelLabel, type MachineInfo, type ModelInspection, type PendingPull } from '../../app/common/model-library';
import { notify, reloadModel, setBackend, useWorkbench } from './store';

/** A pull as the library shows it: the engine's last event for a ref, or a paused one found on disk. */
export type PullView = Pick<PullProgress, 'ref' | 'receivedBytes' | 'totalBytes' | 'state'> & Partial<PullProgress>;

export interface ModelLibraryState {
  catalogue: CatalogueEntry[];
  models: ModelEntry[];
  /** Inspect cards by model id, at `inspectContext` tokens. */
  inspections: Record<string, ModelInspection>;
  /** By model id: why its card could not be read (the engine's message), shown on the card and row. */
  inspectErrors: Record<string, string>;
  machine: MachineInfo | null;
  /** By ref: the latest state of each pull (running, paused, failed…). */
  pulls: Record<string, PullView>;
  /** The model whose card is open. */
  inspected: string | null;
  /** The model waiting for the user to confirm its removal. */
  confirmRemove: string | null;
  /**
   * Load settings the user typed whose save failed (the engine refused or could not write them), with
   * why: the library's fields show them again, so a failed save loses nothing (the dialog may have
   * closed before the answer came). Cleared by a save that works or a close that keeps the saved ones.
   */
  unsavedLoad: { patch: LoadPatch; why: string } | null;
}

/** A change to how local models load (threads, context, GPU layers), as the engine's settings take it. */
export interface LoadPatch { threads?: number | null; contextSize?: number | null; gpuLayers?: 'auto' | 'max' | number }

export const useModelLibrary = create<ModelLibraryState>(() => ({
  catalogue: [], models: [], inspections: {}, inspectErrors: {}, machine: null, pulls: {}, inspected: null, confirmRemove: null, unsavedLoad: null,
}));

const set = useModelLibrary.setState;
const get = useModelLibrary.getState;
const engine = () => useWorkbench.getState().engine;
const failed = (what: string) => (error: unknown) => notify(`${what}: ${error instanceof Error ? error.message : String(error)}`, 'error');

/** KV cache is allocated per sequence (node-llama-cpp: context × sequences), so the estimate covers them all. */
export function estimateContext(entry: Pick<ModelEntry, 'contextLength'>): { perSequence: number; sequences: number } {
  const settings = useWorkbench.getState().settings;
  const trained = entry.contextLength ?? 4096;
  // The local backend's default: the trained context up to 16,384 tokens (app/models/local/local-backend.ts).
  const perSequence = settings?.local.contextSize ?? Math.min(trained, 16384);
  return { perSequence, sequences: settings?.concurrency ?? 4 };
}

/** Everything the library shows, fetched when it opens (afterwards pull events keep it current). */
export async function refreshLibrary(): Promise<void> {
  const api = engine();
  if (!api) return;
  try {
    const [catalogue, models, machine, pending] = await Promise.all([api.catalogue(), api.listModels(), api.machineInfo(), api.pendingPulls()]);
    set({ catalogue, models, machine, pulls: mergePending(get().pulls, pending) });
    await inspectAll(models);
  } catch (error) {
    failed('Could not read the model library')(error);
  }
}

function mergePending(pulls: Record<string, PullView>, pending: PendingPull[]): Record<string, PullView> {
  const next: Record<string, PullView> = {};
  // Keep finished and failed ones (their message); take running/paused from the engine.
  for (const [ref, p] of Object.entries(pulls)) if (p.state === 'failed') next[ref] = p;
  for (const p of pending) next[p.ref] = { ...pulls[p.ref], ...p, state: p.state };
  return next;
}

async function inspectAll(models: ModelEntry[]): Promise<void> {
  const api = engine();
  if (!api) return;
  const inspections: Record<string, ModelInspection> = {};
  const inspectErrors: Record<string, string> = {};
  for (const m of models.filter((e) => !e.problem)) {
    const { perSequence, sequences } = estimateContext(m);
    // A refused request is said on the card, never left as "Reading the file…" (reviewer rev18 F1, F2).
    const result = await api.inspectModel({ id: m.id, contextSize: perSequence * sequences }).catch((error: unknown) => {
      inspectErrors[m.id] = `Could not read this model: ${error instanceof Error ? error.message : String(error)}`;
      return null;
    });
    if (result?.inspection) inspections[m.id] = result.inspection;
    else inspectErrors[m.id] ??= 'Could not read this model: the engine gave no card for it';
  }
  set({ inspections, inspectErrors });
}

/** The engine's pull events (main.tsx): progress in place; a finished pull refreshes the list. */
export function onLibraryPull(progress: PullProgress): void {
  set({ pulls: { ...get().pulls, [progress.ref]: progress } });
  if (progress.state === 'done') {
    const { [progress.ref]: _finished, ...rest } = get().pulls;
    set({ pulls: rest });
    notify(`Downloaded ${progress.model ? modelLabel(progress.model) : progress.fileName ?? progress.ref}.`);
    void refreshLibrary();
  }
}

/** Starts (or resumes: the engine continues a paused download's bytes) a pull. */
export async function pullModel(ref: string): Promise<void> {
  const api = engine();
  if (!api) return;
  const before = get().pulls[ref];
  set({ pulls: { ...get().pulls, [ref]: { ref, receivedBytes: before?.receivedBytes ?? 0, totalBytes: before?.totalBytes ?? null, state: 'running', bytesPerSecond: null, etaSeconds: null } } });
  try {
    const { pullId } = await api.pullModel({ ref });
    const now = get().pulls[ref];
    if (now?.state === 'running' && !now.pullId) set({ pulls: { ...get().pulls, [ref]: { ...now, pullId } } });
  } catch (error) {
    set({ pulls: { ...get().pulls, [ref]: { ...get().pulls[ref], state: 'failed', error: (error as Error).message } } });
  }
}

/** Pause keeps the bytes (Resume continues them); cancel deletes them. */
export async function stopPull(ref: string, discard: boolean): Promise<void> {
  const api = engine();
  const pull = get().pulls[ref];
  if (!api || !pull) return;
  if (pull.pullId && pull.state === 'running') {
    await api.cancelPull({ pullId: pull.pullId, discard }).catch(failed('Could not stop the download'));
    return; // the outcome arrives as an event
  }
  if (discard && pull.fileName) {
    await api.discardPull({ fileName: pull.fileName }).catch(failed('Could not delete the partial download'));
    const { [ref]: _gone, ...rest } = get().pulls;
    set({ pulls: rest });
  }
}

export async function loadModel(model: ModelEntry): Promise<void> {
  if (!model.path) return;
  await setBackend(`local:${model.path}`);
  const backend = useWorkbench.getState().backend;
  if (backend?.state === 'ready') notify(`Loaded ${modelLabel(model)}.`);
  else if (backend?.error) notify(`Could not load ${modelLabel(model)}: ${backend.error}`, 'error');
  // The runtime now knows the GPU (if any): "fits" can use its memory.
  void engine()?.machineInfo().then((machine) => set({ machine })).catch(() => undefined);
}

/** The file a local model was loaded from, when its own name does not say it (two files can share a name: rev18 F7). */
export function loadedFile(backend: { kind: string | null; spec: string | null; model: string | null }): string | null {
  if (backend.kind !== 'local' || !backend.spec?.startsWith('local:')) return null;
  const file = backend.spec.slice('local:'.length).split(/[\\/]/).pop() ?? '';
  return file && file !== backend.model && file !== `${backend.model}.gguf` ? file : null;
}

export async function unloadModel(): Promise<void> {
  const api = engine();
  if (!api) return;
  const before = useWorkbench.getState().backend;
  try {
    useWorkbench.setState({ backend: await api.unloadBackend() });
    // Said, so the "Loaded …" toast does not stay up over a model that is gone (reviewer rev18 F12).
    const file = before ? loadedFile(before) : null;
    notify(before?.model ? `Unloaded ${before.model}${file ? ` (${file})` : ''}.` : 'Unloaded the model.');
  } catch (error) {
    failed('Could not unload the model')(error);
  }
}

export async function removeModel(id: string): Promise<void> {
  const api = engine();
  if (!api) return;
  set({ confirmRemove: null });
  const model = get().models.find((m) => m.id === id);
  const label = model ? modelLabel(model) : `${id}.gguf`;
  try {
    await api.removeModel({ id });
    notify(`Removed ${label} from the library.`);
    if (get().inspected === id) set({ inspected: null });
  } catch (error) {
    failed(`Could not remove ${label}`)(error);
  }
  await refreshLibrary();
}

/**
 * Imports the GGUF file at `path` (absolute, anywhere) into the library. Resolves true once it is in;
 * false after a failure, which is notified (the caller keeps the typed path to correct it).
 */
export async function importModel(path: string): Promise<boolean> {
  const api = engine();
  if (!api || !path.trim()) return false;
  try {
    const entry = await api.importModel({ path: path.trim() });
    notify(`Imported ${modelLabel(entry)}.`);
    await refreshLibrary();
    return true;
  } catch (error) {
    failed('Could not import the model')(error);
    return false;
  }
}

/**
 * Saves how local models load; a loaded local model is loaded again with them. A failed save is
 * notified and its values kept in `unsavedLoad` for the library's fields.
 */
export async function applyLoadSettings(patch: LoadPatch): Promise<void> {
  const api = engine();
  if (!api) return;
  try {
    useWorkbench.setState({ settings: await api.setSettings({ local: patch }) });
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).replace(/\.\s*$/, '');
    set({ unsavedLoad: { patch, why } });
    notify(`Could not save the load settings: ${why}. The values you typed are kept in Model library › Loaded model.`, 'error');
    return;
  }
  set({ unsavedLoad: null });
  // Said, so an earlier "Could not save" does not stay over a save that worked (reviewer rev18 F8);
  // more threads than cores is allowed (the user may know better) but usually slower.
  const cores = get().machine?.cpuCores;
  const many = patch.threads && cores && patch.threads > cores ? ` ${patch.threads} threads on ${cores} CPU cores: more threads than cores usually runs slower.` : '';
  notify(`Saved the load settings.${many}`, many ? 'warn' : 'info');
  const backend = useWorkbench.getState().backend;
  if (backend?.kind === 'local' && backend.state === 'ready') await reloadModel();
  await inspectAll(get().models);
}
