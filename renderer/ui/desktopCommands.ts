// Desktop shell integration: native menu commands, native open/save dialogs, the window title.
// Does nothing in a browser (serve mode), where the toolbar and the Files dialog do the same jobs.
import { editorBridge } from '../editor/bridge';
import { desktop } from '../engine/desktop';
import { nextProblem, problemItems, verifierSamples } from '../state/annotationsView';
import {
  exportReport, notify, openPath, reloadModel, save, setTheme, showRecoveries, startRefine, startVerify, stopRun, useWorkbench,
} from '../state/store';

/** Open via the native dialog when there is one, else the Files dialog. */
export async function openWithDialog(): Promise<void> {
  const bridge = desktop();
  if (!bridge) {
    useWorkbench.setState({ dialog: 'open' });
    return;
  }
  const path = await bridge.openDialog();
  if (path) await openPath(path);
}

export async function saveAsWithDialog(): Promise<void> {
  const bridge = desktop();
  if (!bridge) {
    useWorkbench.setState({ dialog: 'open' });
    return;
  }
  const path = await bridge.saveDialog(useWorkbench.getState().name);
  // The native dialog has asked whether to replace an existing file (showOverwriteConfirmation).
  if (path) await save(path, { overwrite: true });
}

export async function saveOrAsk(): Promise<void> {
  if (useWorkbench.getState().path) await save();
  else await saveAsWithDialog();
}

function nextFinding(): void {
  const s = useWorkbench.getState();
  const hidden = new Set([...s.dismissed, ...s.resolved]);
  const next = nextProblem(problemItems(s.doc, s.annotations, s.previewErrors, hidden, verifierSamples(s.verify, s.annotations)), s.cursorOffset);
  if (next?.range) editorBridge()?.reveal(next.range);
}

/** One command of the app: run from the desktop menu (by id) and listed in the editor's F1 palette. */
export interface AppCommand {
  id: string;
  /** What the F1 palette shows (prefixed "Proofwright: "). */
  label: string;
  run: () => void | Promise<void>;
  /** false: menu only (the palette has Monaco's own, e.g. Find). */
  palette?: boolean;
}

export const APP_COMMANDS: readonly AppCommand[] = [
  { id: 'verify', label: 'Verify (selection or whole proof)', run: () => startVerify(useWorkbench.getState().verifySelection ?? undefined) },
  { id: 'prove', label: 'Prove… (choose the search, then write proofs for the problem)', run: () => useWorkbench.setState({ dialog: 'prove' }) },
  { id: 'refine', label: 'Refine the proof', run: () => startRefine() },
  { id: 'stop', label: 'Stop the run', run: stopRun },
  { id: 'save', label: 'Save', run: saveOrAsk },
  { id: 'save-as', label: 'Save as…', run: saveAsWithDialog },
  { id: 'open', label: 'Open…', run: openWithDialog },
  { id: 'new-document', label: 'New document or sample…', run: () => useWorkbench.setState({ dialog: 'new' }) },
  { id: 'recover', label: 'Recover… (unsaved text kept as recovery copies)', run: showRecoveries },
  { id: 'export-report', label: 'Export report', run: exportReport },
  { id: 'choose-model', label: 'Models & settings…', run: () => useWorkbench.setState({ dialog: 'settings' }) },
  { id: 'model-library', label: 'Model library (download, inspect, load, remove)…', run: () => useWorkbench.setState({ dialog: 'models' }) },
  { id: 'import-model', label: 'Import a model…', run: () => useWorkbench.setState({ dialog: 'models' }), palette: false },
  { id: 'reload-model', label: 'Reload the model', run: reloadModel },
  { id: 'next-finding', label: 'Next finding', run: nextFinding },
  { id: 'show-welcome', label: 'Show the welcome guide', run: () => useWorkbench.setState({ welcome: 'asked' }) },
  { id: 'toggle-theme', label: 'Toggle light/dark theme', run: () => setTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark') },
  {
    id: 'find', label: 'Find', palette: false,
    run: () => {
      editorBridge()?.focus();
      editorBridge()?.runAction('actions.find');
    },
  },
];

const COMMANDS: Record<string, () => void | Promise<void>> = Object.fromEntries(APP_COMMANDS.map((c) => [c.id, c.run]));

export function installDesktopIntegration(): void {
  const bridge = desktop();
  if (!bridge) return;
  bridge.onMenuCommand((command) => {
    const run = COMMANDS[command];
    if (!run) return;
    Promise.resolve(run()).catch((error: Error) => notify(error.message, 'error'));
  });
  bridge.onOpenPath((path) => void openPath(path));
  // The shell shows the document's name and unsaved state in the title bar and guards closing.
  let last = '';
  useWorkbench.subscribe((s) => {
    const key = `${s.path}\u0000${s.name}\u0000${s.dirty}`;
    if (key === last) return;
    last = key;
    bridge.documentShown({ path: s.path, name: s.name, dirty: s.dirty });
  });
}
