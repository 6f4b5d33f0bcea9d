// The UI slice: which bottom tab and dialog are open, and the last notice.
export type BottomTab = 'problems' | 'run' | 'history';
export type Dialog = null | 'settings' | 'models' | 'open' | 'new' | 'recover' | 'confirm-discard' | 'prove' | 'record';

export interface Notice {
  /** 'warn': the action went ahead, with a caveat the user should read (stays as long as an error). */
  kind: 'info' | 'warn' | 'error';
  text: string;
  at: number;
  /** One button that leads to the fix (e.g. "Open Models & settings"). */
  action?: { label: string; run: () => void };
  /** A second choice beside `action` (e.g. "Keep mine" beside "Reload from disk"). */
  secondary?: { label: string; run: () => void };
  /**
   * About an earlier run: why it did not start ("Nothing to prove: …", "A run is already going", "no
   * model is loaded") or why it failed ("Run failed: …"). Stale once a run starts, which clears it
   * (left standing, it contradicted the run now going, or read as about the next run's review).
   */
  aboutEarlierRun?: boolean;
}

export interface UiSlice {
  notice: Notice | null;
  bottomTab: BottomTab;
  dialog: Dialog;
  /** The run whose record the 'record' dialog shows. */
  recordRunId?: string;
  /**
   * The welcome guide: 'first-start' (nothing opened before on this user-data folder, and the user did
   * not turn it off) shows it over the empty document's preview; 'asked' (Help › Show the welcome
   * guide) shows it over any document; false: hidden.
   */
  welcome: WelcomeGuide;
  /**
   * Bumped when the user opened a document (Files, the guide): the proof editor takes the focus, so
   * the next keys are typed into it. Focus went back to the Files button, so the keys were lost and a
   * space opened Files again.
   */
  focusEditor: number;
}

export type WelcomeGuide = false | 'first-start' | 'asked';

export function uiSlice(): UiSlice {
  return { notice: null, bottomTab: 'problems', dialog: null, welcome: false, focusEditor: 0 };
}
