// The UI slice: which bottom tab and dialog are open, and the last notice.
export type BottomTab = 'problems' | 'run' | 'history';
export type Dialog = null | 'settings' | 'models' | 'open' | 'recover' | 'confirm-discard' | 'prove';

export interface Notice {
  kind: 'info' | 'error';
  text: string;
  at: number;
}

export interface UiSlice {
  notice: Notice | null;
  bottomTab: BottomTab;
  dialog: Dialog;
}

export function uiSlice(): UiSlice {
  return { notice: null, bottomTab: 'problems', dialog: null };
}
