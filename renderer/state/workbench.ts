// The workbench store (zustand), composed of one slice per feature (slices/). The editor's model holds
// the text; the engine holds the parsed document and the annotations and re-maps them through every
// edit we send it. The actions live per feature beside this file; store.ts re-exports them all.
import { create } from 'zustand';
import { documentSlice, type DocumentSlice } from './slices/documents';
import { findingsSlice, type FindingsSlice } from './slices/findings';
import { modelsSlice, type ModelsSlice } from './slices/models';
import { runsSlice, type RunsSlice } from './slices/runs';
import { settingsSlice, type SettingsSlice } from './slices/settings';
import { uiSlice, type Notice, type UiSlice } from './slices/ui';

export type WorkbenchState = DocumentSlice & FindingsSlice & RunsSlice & ModelsSlice & SettingsSlice & UiSlice;

export const useWorkbench = create<WorkbenchState>(() => ({
  ...modelsSlice(),
  ...documentSlice(),
  ...findingsSlice(),
  ...runsSlice(),
  ...settingsSlice(),
  ...uiSlice(),
}));

export const set = useWorkbench.setState;
export const get = useWorkbench.getState;

/** Show a notice (the status line; errors in red). */
export function notify(text: string, kind: Notice['kind'] = 'info', action?: Notice['action'], secondary?: Notice['secondary']): void {
  set({ notice: { kind, text, at: Date.now(), ...(action ? { action } : {}), ...(secondary ? { secondary } : {}) } });
}

/** A catch handler that shows `what: <message>` as an error notice. */
export function fail(what: string) {
  return (error: unknown) => notify(`${what}: ${(error as Error).message ?? String(error)}`, 'error');
}
