// Renderer entry: styles, Monaco, the React tree, and the engine connection.
import 'katex/dist/katex.min.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { setupMonaco } from './editor/monacoSetup';
import { EngineStatusSchema } from '../app/common/contract';
import { connectEngine } from './engine/connection';
import { desktop } from './engine/desktop';
import { applyLoopEvent, onBackendChanged, onCheckerFindings, onDocumentChanged, onDocumentOnDisk, onDocumentSaved, onEngineReady, onEngineStatus, useWorkbench } from './state/store';
import { onLibraryPull } from './state/model-library';
import { App } from './ui/App';
import { installDesktopIntegration } from './ui/desktopCommands';

setupMonaco();
// Read-only window onto the state for end-to-end tests and debugging.
(window as unknown as { __pwStore?: unknown }).__pwStore = useWorkbench;

connectEngine({
  handlers: {
    loopEvent: (event) => applyLoopEvent(event),
    pullProgress: (progress) => onLibraryPull(progress),
    backendChanged: (backend) => onBackendChanged(backend),
    checkerFindings: (findings) => onCheckerFindings(findings),
    documentChanged: (change) => onDocumentChanged(change),
    documentSaved: (saved) => onDocumentSaved(saved),
    documentOnDisk: (change) => onDocumentOnDisk(change),
    engineStatus: (status) => {
      onEngineStatus(status);
      if (status.state === 'restarted') {
        // A fresh engine does not know our document: hand it the text the editor still holds.
        const engine = useWorkbench.getState().engine;
        if (engine) void onEngineReady(engine);
      }
    },
  },
  onState: (connection, engine) => useWorkbench.setState({ connection, engine }),
  onReady: (engine) => void onEngineReady(engine),
});

// In the desktop app the engine's port dies with the engine, so its status (stopped, restarted) comes
// from main through the preload instead; it is validated like every other message from outside. The
// one subscription to it (desktopCommands.ts handles menus and the title bar only).
desktop()?.onEngineStatus((raw) => {
  const status = EngineStatusSchema.safeParse(raw);
  if (status.success) onEngineStatus(status.data);
  else console.warn('ignored an invalid engine status from main:', status.error.message);
});

installDesktopIntegration();
createRoot(document.getElementById('root')!).render(<App />);
