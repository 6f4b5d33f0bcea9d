// The engine and its model: choose, reload, and the supervisor's news (the library and its downloads:
// model-library.ts).
import type { BackendStatus, EngineStatus } from '../../app/common/contract';
import { fail, get, notify, set } from './workbench';

/** Load a backend; the engine saves it in the settings when it loads (a failed switch keeps the old one). */
export async function setBackend(spec: string): Promise<void> {
  const { engine } = get();
  if (!engine) return;
  set({ backend: { state: 'loading', spec, kind: null, model: null } });
  try {
    const backend = await engine.setBackend({ spec });
    set({ backend });
    // A failed switch keeps the previous model (backend.spec) and says why in backend.error. The engine
    // has saved a successful one already: mirror it here instead of saving it a second time.
    if (backend.state === 'ready' && backend.spec === spec) set((s) => ({ settings: s.settings ? { ...s.settings, backend: spec } : s.settings }));
  } catch (error) {
    set({ backend: { state: 'error', spec, kind: null, model: null, error: (error as Error).message } });
  }
}

/** The engine's news about its model (`backendChanged`): loading, ready with model and threads, failed. */
export function onBackendChanged(backend: BackendStatus): void {
  set({ backend });
}

/** Supervisor news (over the RPC channel in serve mode, through the preload in the desktop app). */
export function onEngineStatus(status: EngineStatus): void {
  set({ engineStatus: status });
  if (status.state === 'stopped') {
    notify(`The engine stopped: ${status.reason}${status.willRestart ? ' — restarting…' : ''}. Your text is kept.`, 'error');
  }
}

export async function reloadModel(): Promise<void> {
  const { engine } = get();
  if (!engine) return;
  set({ backend: { state: 'loading', spec: get().backend?.spec ?? null, kind: null, model: null } });
  try {
    set({ backend: await engine.reloadBackend() });
  } catch (error) {
    fail('Could not reload the model')(error);
  }
}
