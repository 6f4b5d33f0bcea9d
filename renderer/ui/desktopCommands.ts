// Desktop shell integration: native menu commands, native open/save dialogs, the window title.
// Does nothing in a browser (serve mode), where the toolbar and the Files dialog do the same jobs.
import { EngineStatusSchema } from '../../app/common/contract';
import { editorBridge } from '../editor/bridge';
import { desktop } from '../engine/desktop';
import { nextProblem, problemItems, verifierSampleCount } from '../state/annotationsView';
import {
  exportReport, notify, onEngineStatus, openPath, reloadModel, save, setTheme, startProve, startRefine, startVerify, stopRun, useWorkbench,
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
  if (path) await save(path);
}

export async function saveOrAsk(): Promise<void> {
  if (useWorkbench.getState().path) await save();
  else await saveAsWithDialog();
}

function nextFinding(): void {
  const s = useWorkbench.getState();
  const hidden = new Set([...s.dismissed, ...s.resolved]);
  const next = nextProblem(problemItems(s.doc, s.annotations, s.previewErrors, hidden, verifierSampleCount(s.verify, s.annotations)), s.cursorOffset);
  if (next?.range) editorBridge()?.reveal(next.range);
}

const COMMANDS: Record<string, () => void | Promise<void>> = {
  'new-document': () => useWorkbench.setState({ dialog: 'open' }),
  open: openWithDialog,
  save: saveOrAsk,
  'save-as': saveAsWithDialog,
  'export-report': exportReport,
  verify: () => startVerify(editorBridge()?.selection() ?? undefined),
  prove: startProve,
  refine: startRefine,
  stop: stopRun,
  'choose-model': () => useWorkbench.setState({ dialog: 'settings' }),
  'import-model': () => useWorkbench.setState({ dialog: 'settings' }),
  'reload-model': reloadModel,
  'next-finding': nextFinding,
  'toggle-theme': () => setTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark'),
  find: () => {
    editorBridge()?.focus();
    editorBridge()?.runAction('actions.find');
  },
};

export function installDesktopIntegration(): void {
  const bridge = desktop();
  if (!bridge) return;
  bridge.onMenuCommand((command) => {
    const run = COMMANDS[command];
    if (!run) return;
    Promise.resolve(run()).catch((error: Error) => notify(error.message, 'error'));
  });
  bridge.onOpenPath((path) => void openPath(path));
  // In the desktop app the engine's port dies with it, so its status comes from main.
  bridge.onEngineStatus((status) => {
    const parsed = EngineStatusSchema.safeParse(status);
    if (parsed.success) onEngineStatus(parsed.data);
  });
  // The shell shows the document's name and unsaved state in the title bar and guards closing.
  let last = '';
  useWorkbench.subscribe((s) => {
    const key = `${s.path}\u0000${s.name}\u0000${s.dirty}`;
    if (key === last) return;
    last = key;
    bridge.documentShown({ path: s.path, name: s.name, dirty: s.dirty });
  });
}
