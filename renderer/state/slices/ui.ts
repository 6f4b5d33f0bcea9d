// The UI slice: which bottom tab and dialog are open, and the last notice.
export type BottomTab = 'problems' | 'run' | 'history';
export type Dialog = null | 'settings' | 'models' | 'open' | 'recover' | 'confirm-discard' | 'prove' | 'record';

export interface Notice {
  kind: 'info' | 'error';
  text: string;
  at: number;
  /** One button that leads to the fix (e.g. "Open Models & settings"). */
  action?: { label: string; run: () => void };
}

export interface UiSlice {
  notice: Notice | null;
  bottomTab: BottomTab;
  dialog: Dialog;
  /** The run whose record the 'record' dialog shows. */
  recordRunId?: string;
  /** The first-start guide (a fresh user-data folder: nothing opened before) is showing. */
  welcome: boolean;
}

export function uiSlice(): UiSlice {
  return { notice: null, bottomTab: 'problems', dialog: null, welcome: false };
}
