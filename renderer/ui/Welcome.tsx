// The first start (a fresh user-data folder): three steps, each one click — open a sample with its
// problem (the checker's results show at once), choose a model (the demo script needs none), verify.
// Opening anything closes the guide; "Choose a model" in the toolbar and the no-model notice lead on.
import { useEffect, useRef, useState } from 'react';
import { plainTexTitle } from '../../app/common/tex/text-mode';
import { newFromExample, setBackend, updateSettings, useWorkbench } from '../state/store';

/** The shipped script that answers every sample (see resources/samples/README.md). */
export const DEMO_SCRIPT_SPEC = 'scripted:sample:samples.deepseek.scripted.json';

const close = () => useWorkbench.setState({ welcome: false });

export function Welcome() {
  const samples = useWorkbench((s) => s.exampleDocuments);
  const backend = useWorkbench((s) => s.backend);
  const saved = useWorkbench((s) => s.settings?.welcomeGuide === false);
  // The box follows the click at once; the setting is saved in the background.
  const [hidden, setHidden] = useState(saved);
  useEffect(() => setHidden(saved), [saved]);
  const emptyDoc = useWorkbench((s) => s.text === '');
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), [samples.length > 0]);
  const ready = backend?.state === 'ready';
  return (
    <section className="pw-welcome" aria-label="Getting started" data-testid="welcome">
      <h2>Welcome to Proofwright</h2>
      <p className="pw-muted">
        Write a proof in Markdown + LaTeX. The checker reads it as you type; a model verifies it the DeepSeekMath-V2 way,
        and each finding appears beside the step it is about.
      </p>
      <div className="pw-welcome-steps">
        <div className="pw-welcome-step">
          <h3>1. Open a sample</h3>
          <ul>
            {samples.map((s, i) => (
              <li key={s.id}>
                <button type="button" ref={i === 0 ? first : undefined} data-testid={`welcome-sample-${s.id}`}
                  onClick={() => void newFromExample(s.id, { force: true, focus: true }).then(close)}>
                  {plainTexTitle(s.title)}
                </button>
              </li>
            ))}
          </ul>
          <p className="pw-muted">Each opens with its problem; the checker's findings show at once.</p>
        </div>
        <div className="pw-welcome-step">
          <h3>2. Choose a model {ready && <span className="pw-welcome-done" data-testid="welcome-model-ready">✓ {backend?.model}</span>}</h3>
          <ul>
            <li><button type="button" data-testid="welcome-demo" onClick={() => void setBackend(DEMO_SCRIPT_SPEC)}>Try the demo script (answers the samples, no model needed)</button></li>
            {/* Import and pull are the model library's; a server is chosen in Models & settings (reviewer rev18 F10). */}
            <li><button type="button" data-testid="welcome-models" onClick={() => useWorkbench.setState({ dialog: 'models' })}>Import a GGUF model or pull one…</button></li>
            <li><button type="button" data-testid="welcome-server" onClick={() => useWorkbench.setState({ dialog: 'settings' })}>Connect a server…</button></li>
          </ul>
          {backend?.state === 'error' && <p className="pw-error-text">{backend.error}</p>}
        </div>
        <div className="pw-welcome-step">
          <h3>3. Verify</h3>
          <p>Press <strong>Verify</strong> (Ctrl+Enter). The run panel shows each call; findings appear beside their step, and the Problems tab lists them (F8 walks through them).</p>
        </div>
      </div>
      <div className="pw-welcome-foot">
        <button type="button" onClick={() => useWorkbench.setState({ dialog: 'open' })}>Open a file…</button>
        <button type="button" onClick={close} data-testid="welcome-empty">{emptyDoc ? 'Start with an empty document' : 'Close the guide'}</button>
        <span className="pw-spacer" />
        {/* Saved in the settings: a later start with nothing opened yet skips the guide; F1 › Show the welcome guide brings it back. */}
        <label className="pw-welcome-optout">
          <input type="checkbox" checked={hidden} onChange={(e) => {
            setHidden(e.target.checked);
            void updateSettings({ welcomeGuide: !e.target.checked });
          }} />
          {' '}Don't show this again
        </label>
      </div>
    </section>
  );
}
