// Dialogs: open / save-as / new from sample, recovery after a crash, settings and models.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ModelEntry, WorkspaceEntry } from '../../app/common/contract';
import { desktop } from '../engine/desktop';
import { openWithDialog, saveAsWithDialog } from './desktopCommands';
import { FieldDraftsContext, settleForAction, settleForClose, type FieldDraft, type FieldDrafts } from './fieldDrafts';
import { initialFocus, useFocusTrap } from './focusTrap';
import { NumberField } from './NumberField';
import { SEARCH_PRESET_NAMES, SEARCH_PRESETS } from '../../app/common/search';
import { SETTINGS_LIMITS } from '../../app/common/schemas/settings';
import { verifyEvidence } from '../../app/common/run-settings';
import { plainTexTitle } from '../../app/common/tex/text-mode';
import { visibleName } from '../../app/common/file-names';
import { describeSearch } from '../state/search';
import {
  discardRecoveries, dismissRecoveries, cancelOpening, keepTypedKey, keepTypedText, newFromExample, notify, openPath, restoreRecovery, saveAs, showRecoveries, setBackend, updateSettings, useWorkbench,
} from '../state/store';

/**
 * A modal dialog that owns the keyboard while open (useFocusTrap): focus moves into it (its first
 * field or button), Tab and Shift+Tab cycle inside it, focus cannot wander to the page under the
 * backdrop, and Escape (from anywhere in it, a field included), ✕ or a click on the backdrop closes
 * it and gives focus back to what had it before. Closing first settles the fields' drafts
 * (settleForClose): valid ones are committed, and an invalid one stops the first close, with its message.
 */
export function Modal({ title, onClose, children, testId, wide, onKeyDownCapture, onPasteCapture, busy }: {
  title: string; onClose: () => void; children: React.ReactNode; testId?: string; wide?: boolean;
  /** Sees every key pressed in the dialog first (the Files dialog holds keys back while a file opens). */
  onKeyDownCapture?: (e: React.KeyboardEvent) => void;
  /** Sees every paste in the dialog first (the Files dialog keeps it while a file opens). */
  onPasteCapture?: (e: React.ClipboardEvent) => void;
  /** Work under way in the dialog (aria-busy). */
  busy?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const drafts = useRef(new Set<FieldDraft>());
  const stoppedFor = useRef<string | null>(null);
  const registry = useMemo<FieldDrafts>(() => ({
    register: (field) => {
      drafts.current.add(field);
      return () => void drafts.current.delete(field);
    },
    settleAll: () => settleForAction(drafts.current),
  }), []);
  const requestClose = useCallback(() => {
    const result = settleForClose(drafts.current, stoppedFor.current);
    stoppedFor.current = result.stoppedFor;
    if (result.close) onClose();
  }, [onClose]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && requestClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [requestClose]);
  useFocusTrap(box, true, {
    guardFocus: true,
    // Never a destructive control first (the model library opened on Unload: Enter unloaded the
    // model); with nothing else in the body, the ✕ button.
    initial: () => {
      const body = box.current?.querySelector<HTMLElement>('.pw-modal-body');
      return (body ? initialFocus(body) : null) ?? box.current?.querySelector<HTMLElement>('.pw-modal-header button');
    },
  });
  return (
    <div className="pw-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && requestClose()}>
      <div ref={box} className={wide ? 'pw-modal pw-modal-wide' : 'pw-modal'} role="dialog" aria-modal="true" aria-label={title} data-testid={testId} tabIndex={-1}
        onKeyDownCapture={onKeyDownCapture} onPasteCapture={onPasteCapture} aria-busy={busy || undefined}>
        <header className="pw-modal-header">
          <h2>{title}</h2>
          <button type="button" onClick={requestClose} aria-label="Close">✕</button>
        </header>
        <FieldDraftsContext.Provider value={registry}>
          <div className="pw-modal-body">{children}</div>
        </FieldDraftsContext.Provider>
      </div>
    </div>
  );
}

const close = () => useWorkbench.setState({ dialog: null });

/**
 * Files: save as, open from the workspace or the recent list, new from a sample. With `focusNew`
 * (the "New document or sample…" command) focus starts on "Empty document", so Enter makes a new
 * document rather than saving the current one under its own name.
 */
export function FilesDialog({ focusNew = false }: { focusNew?: boolean }) {
  const engine = useWorkbench((s) => s.engine);
  const samples = useWorkbench((s) => s.exampleDocuments);
  const recent = useWorkbench((s) => s.recent);
  const path = useWorkbench((s) => s.path);
  const name = useWorkbench((s) => s.name);
  // null while the engine has not answered: an engine busy with a large document answers late, and
  // an empty list shown meanwhile read as "the workspace has no files" (review 9, finding 2).
  const [listing, setListing] = useState<{ files: WorkspaceEntry[] } | { error: string } | null>(null);
  const [saveAsPath, setSaveAsPath] = useState(path ?? name);
  // Why the last save as failed, shown under the field until the next try or edit.
  const [saveAsError, setSaveAsError] = useState<string | null>(null);
  // The existing file a save as would replace: the user is asked before anything is written.
  const [replacing, setReplacing] = useState<string | null>(null);
  const saveAsInput = useRef<HTMLInputElement>(null);
  // The file being opened, and the keys typed meanwhile: kept, shown here, and typed into the file's
  // editor once it is open (they were refused, and the user had to type them again).
  const opening = useWorkbench((s) => s.opening);
  const typedAhead = useWorkbench((s) => s.typedAhead);
  const holdKeys = (e: React.KeyboardEvent) => {
    if (!opening || e.ctrlKey || e.metaKey || e.altKey || e.nativeEvent.isComposing) return;
    if (keepTypedKey(e.key)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  // A paste is typing too: kept with the keys (it was dropped without a word).
  const holdPaste = (e: React.ClipboardEvent) => {
    if (!opening) return;
    keepTypedText(e.clipboardData.getData('text/plain'));
    e.preventDefault();
    e.stopPropagation();
  };
  // Escape or ✕ while a file opens stops the open: closing only the dialog left the open running
  // unseen, to replace whatever the user clicked into and typed meanwhile.
  const closeFiles = () => {
    cancelOpening();
    close();
  };
  const openingName = opening?.split('/').pop();
  const submitSaveAs = async (target: string, overwrite = false) => {
    setReplacing(null);
    if (!target) {
      setSaveAsError('Enter a file name');
      return;
    }
    setSaveAsError(null);
    const outcome = await saveAs(target, { overwrite });
    if (outcome.saved) close();
    else if (outcome.exists) setReplacing(target);
    else setSaveAsError(`Could not save: ${outcome.message}`);
  };
  const cancelReplace = () => {
    setReplacing(null);
    saveAsInput.current?.focus();
  };
  useEffect(() => {
    let current = true;
    setListing(null);
    engine?.listWorkspace().then(
      (w) => current && setListing({ files: w.files }),
      (error: unknown) => current && setListing({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [engine]);
  return (
    <Modal title="Files" onClose={closeFiles} testId="files-dialog" onKeyDownCapture={holdKeys} onPasteCapture={holdPaste} busy={!!opening}>
      {opening && (
        // Keys typed while a large file opens would otherwise go to the dialog's buttons, unseen.
        <p role="status" className="pw-opening" data-testid="opening">
          <span className="pw-spinner" aria-hidden="true" /> Opening <bdi>{visibleName(openingName ?? '')}</bdi>…{' '}
          {typedAhead
            ? <span data-testid="typed-ahead">Kept until it is open, then typed at its cursor: <kbd className="pw-typed-ahead">{typedAhead}</kbd></span>
            : <span className="pw-muted">What you type now goes in once it is open.</span>}
        </p>
      )}
      {desktop() && (
        <section className="pw-row">
          <button type="button" onClick={() => void openWithDialog().then(close)}>Open file…</button>
          <button type="button" onClick={() => void saveAsWithDialog().then(close)}>Save as…</button>
        </section>
      )}
      <section>
        <h3>Save as (in the workspace)</h3>
        <form onSubmit={(e) => { e.preventDefault(); void submitSaveAs(saveAsPath.trim()); }} className="pw-row">
          <input
            ref={saveAsInput} aria-label="Save as path (in the workspace)" value={saveAsPath} placeholder="proofs/my-proof.md"
            aria-invalid={saveAsError ? true : undefined} aria-describedby={saveAsError ? 'pw-save-as-error' : undefined}
            onChange={(e) => {
              setSaveAsPath(e.target.value);
              setSaveAsError(null);
              setReplacing(null);
            }}
          />
          <button type="submit" className="pw-primary">Save</button>
        </form>
        {saveAsError && <p id="pw-save-as-error" role="alert" className="pw-error-text" data-testid="save-as-error">{saveAsError}</p>}
        {replacing && (
          // Escape here answers Cancel; it does not close the whole Files dialog (the window listener).
          <div role="alertdialog" aria-label="Replace file?" data-testid="replace-confirm" className="pw-confirm" onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.stopPropagation();
            cancelReplace();
          }}>
            <p><bdi>{visibleName(replacing.split('/').pop() ?? '')}</bdi> already exists. Replace it?</p>
            <div className="pw-row">
              {/* Cancel first and focused: Enter never replaces a file by accident. */}
              <button type="button" autoFocus onClick={cancelReplace}>Cancel</button>
              <button type="button" className="pw-danger" onClick={() => void submitSaveAs(replacing, true)}>Replace</button>
            </div>
          </div>
        )}
      </section>
      <section>
        {/* Names as written: a bidi control in a name is shown as [U+202E], not applied (a faked
            extension), and <bdi> keeps a right-to-left name from running into the text beside it. */}
        <h3>Workspace</h3>
        <ul className="pw-file-list">
          {listing === null && <li className="pw-muted" data-testid="workspace-listing-loading">Listing the workspace…</li>}
          {listing && 'error' in listing && (
            <li role="alert" className="pw-error-text" data-testid="workspace-listing-error">Could not list the workspace: {listing.error}</li>
          )}
          {listing && 'files' in listing && listing.files.length === 0 && <li className="pw-muted">No .md or .tex files in the workspace.</li>}
          {listing && 'files' in listing && listing.files.map((f) => <li key={f.path}><button type="button" title={visibleName(f.path)} onClick={() => void openPath(f.path)}><bdi>{visibleName(f.path)}</bdi></button></li>)}
        </ul>
      </section>
      {recent.length > 0 && (
        <section>
          <h3>Recent</h3>
          <ul className="pw-file-list">
            {recent.map((r) => <li key={r.path}><button type="button" title={visibleName(r.path)} onClick={() => void openPath(r.path)}><bdi>{visibleName(r.name)}</bdi> <bdi className="pw-muted">{visibleName(r.path)}</bdi></button></li>)}
          </ul>
        </section>
      )}
      <section>
        <h3>New</h3>
        <ul className="pw-file-list">
          <li><button type="button" onClick={() => void newFromExample(undefined, { focus: true }).then(close)} data-testid="new-empty" data-autofocus={focusNew || undefined}>Empty document</button></li>
          {samples.map((s) => (
            <li key={s.id}><button type="button" data-testid={`sample-${s.id}`} onClick={() => void newFromExample(s.id, { focus: true }).then(close)}>From sample: {plainTexTitle(s.title)}</button></li>
          ))}
        </ul>
      </section>
      <section>
        <h3>Recovery copies</h3>
        <p className="pw-row">
          <button type="button" onClick={() => void showRecoveries()} data-testid="files-recover">Recover…</button>
          <span className="pw-muted">Unsaved text kept when a document was replaced, closed or the app stopped.</span>
        </p>
      </section>
    </Modal>
  );
}

/**
 * The recovery copies kept (at a start, or asked for with Recover…): restore one into the editor, or
 * discard them all. Closing keeps them for later.
 */
export function RecoverDialog() {
  const recoveries = useWorkbench((s) => s.recoveries);
  return (
    <Modal title="Recover unsaved work" onClose={() => void dismissRecoveries()} testId="recover-dialog">
      {recoveries.length === 0 ? (
        <p data-testid="no-recoveries">No recovery copies are kept: no unsaved text was left behind.</p>
      ) : (
        <>
          <p>These documents have unsaved changes, kept as recovery copies. Restore them?</p>
          <ul className="pw-file-list">
            {recoveries.map((r) => (
              <li key={r.recoveryId}>
                <button type="button" className="pw-primary" onClick={() => void restoreRecovery(r.recoveryId)} data-testid="restore">
                  Restore <bdi>{visibleName(r.name)}</bdi>
                </button>{' '}
                <span className="pw-muted">
                  <bdi>{r.path ? visibleName(r.path) : 'never saved'}</bdi> · {r.length} characters, kept {new Date(r.savedAt).toLocaleString()}
                </span>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void discardRecoveries()} data-destructive>Discard all</button>
        </>
      )}
    </Modal>
  );
}

export function SettingsDialog() {
  const engine = useWorkbench((s) => s.engine);
  const settings = useWorkbench((s) => s.settings);
  const backend = useWorkbench((s) => s.backend);
  const [models, setModels] = useState<ModelEntry[]>([]);
  const [kind, setKind] = useState<'local' | 'openai' | 'scripted'>(() => (backend?.kind ?? 'local'));
  // The dialog opened before the engine said which backend is in use: the form shows that one once known.
  const kindKnown = useRef(backend?.kind !== undefined);
  useEffect(() => {
    if (kindKnown.current || !backend?.kind) return;
    kindKnown.current = true;
    setKind(backend.kind);
  }, [backend?.kind]);
  const [localPath, setLocalPath] = useState('');
  const [url, setUrl] = useState('http://127.0.0.1:8080/v1');
  const [model, setModel] = useState('');

  const refresh = () => engine?.listModels().then(setModels).catch(() => undefined);
  useEffect(() => {
    void refresh();
  }, [engine]);

  if (!settings) return <Modal title="Settings" onClose={close}><p className="pw-muted">Waiting for the engine…</p></Modal>;

  // A user who types the whole spec ("local:NAME", as the README writes it) means the same as "NAME".
  const path = localPath.trim().replace(kind === 'local' ? /^local:/ : /^scripted:/, '');
  const spec = kind === 'local' ? `local:${path}` : kind === 'openai' ? `openai:${url}#${model}` : `scripted:${path}`;
  // An empty path or URL is not a backend: trying it would unload nothing yet show "failed to load".
  const specComplete = kind === 'openai' ? url.trim() !== '' : localPath.trim() !== '';

  return (
    <Modal title="Models & settings" onClose={close} testId="settings-dialog">
      <section>
        <h3>Backend</h3>
        <p className="pw-muted" data-testid="backend-status">
          {backend ? `${backend.state}${backend.model ? ` · ${backend.model}` : ''}${backend.error ? ` · ${backend.error}` : ''}` : 'unknown'}
        </p>
        {/* Focus starts on the kind in use (initialFocus: data-autofocus), not on the first radio: an arrow key there switched the form away from it. */}
        <div className="pw-row" role="radiogroup" aria-label="Backend kind">
          {(['local', 'openai', 'scripted'] as const).map((k) => (
            <label key={k}><input type="radio" name="backend" checked={kind === k} onChange={() => { kindKnown.current = true; setKind(k); }} data-autofocus={kind === k || undefined} /> {k === 'openai' ? 'OpenAI-compatible server' : k}</label>
          ))}
        </div>
        {kind === 'scripted' && <ShippedScripts onPick={(name) => { setLocalPath(`sample:${name}`); void setBackend(`scripted:sample:${name}`); }} />}
        {kind !== 'openai' ? (
          <div className="pw-row">
            <input aria-label={kind === 'local' ? 'GGUF model path' : 'Script path'} value={localPath} onChange={(e) => setLocalPath(e.target.value)} placeholder={kind === 'local' ? 'models/model.gguf (in the workspace; import files from elsewhere in the Model library), or a library model\'s name' : 'script.json (in the workspace) or sample:NAME'} list="pw-model-paths" />
            <datalist id="pw-model-paths">{models.map((m) => m.path && <option key={m.id} value={m.path}>{m.name}</option>)}</datalist>
          </div>
        ) : (
          <div className="pw-grid2">
            <label>Server URL <input value={url} onChange={(e) => setUrl(e.target.value)} /></label>
            <label>Model <input value={model} onChange={(e) => setModel(e.target.value)} placeholder="deepseek-math-v2" /></label>
          </div>
        )}
        <button
          type="button"
          className="pw-primary"
          disabled={!specComplete}
          title={specComplete ? undefined : kind === 'openai' ? 'Give the server URL first' : 'Give the file path first'}
          onClick={() => void setBackend(spec)}
        >
          Use this backend
        </button>
        {kind === 'openai' && <ApiKeyField />}
      </section>
      <section>
        <h3>Model library</h3>
        <p className="pw-muted">
          {models.length === 0 ? 'No models in the library yet.' : `${models.length} model${models.length === 1 ? '' : 's'} in the library.`} Download from the
          catalogue, inspect, load, unload and remove models in the library.
        </p>
        <button type="button" onClick={() => useWorkbench.setState({ dialog: 'models' })} data-testid="settings-open-library">Open the model library…</button>
      </section>
      <section>
        <h3>Sampling and search</h3>
        <div className="pw-row" role="group" aria-label="Presets">
          {SEARCH_PRESET_NAMES.map((name) => {
            const preset = SEARCH_PRESETS[name];
            // A preset sets the search and makes a verification as thorough as one of its candidates' (m samples).
            return (
              <button key={name} type="button" onClick={() => void updateSettings({ prove: { ...preset }, verify: { samples: preset.samples } })} title={describeSearch(preset)}>
                {name} ({describeSearch(preset)})
              </button>
            );
          })}
        </div>
        <div className="pw-grid2">
          <NumberField label="Verify samples" integer min={1} max={SETTINGS_LIMITS.count} value={settings.verify.samples} onCommit={(v) => void updateSettings({ verify: { samples: v } })} />
          <label><input type="checkbox" checked={settings.verify.meta} onChange={(e) => void updateSettings({ verify: { meta: e.target.checked } })} /> Meta-verify findings</label>
          {/* What a Verify will do (verifyEvidence): with deepseek-math-v2 the computations are sent only when
              asked for that profile too, so the box showed "on" over runs that went without (rev21 F3). */}
          <label>
            <input
              type="checkbox" checked={verifyEvidence(settings.profile, settings.verify)} data-testid="settings-verify-evidence"
              onChange={(e) => void updateSettings({ verify: settings.profile === 'deepseek-math-v2'
                ? (e.target.checked ? { evidence: true, evidenceWithDeepseek: true } : { evidenceWithDeepseek: false })
                : { evidence: e.target.checked } })}
            />
            {' '}Show the checker's computations to the verifier{settings.profile === 'deepseek-math-v2' && (
              <span className="pw-muted"> (with deepseek-math-v2 only when ticked here: that model was trained on its released prompt, without them)</span>
            )}
          </label>
          <label title="When a verifier's analysis names problems that cannot be placed on a step, the model is asked once more to list them by step.">
            <input type="checkbox" checked={settings.verify.extract} onChange={(e) => void updateSettings({ verify: { extract: e.target.checked } })} data-testid="settings-verify-extract" />
            {/* One inline box: the label is a flex row, and the cost would otherwise stand in a column of its own. */}
            <span> Extract findings from free-text analyses <span className="pw-muted">(one more model call per sample whose findings could not be placed)</span></span>
          </label>
          <NumberField label="Candidates" integer min={1} max={SETTINGS_LIMITS.count} value={settings.prove.candidates} onCommit={(v) => void updateSettings({ prove: { candidates: v } })} />
          <NumberField label="Verifications per candidate" integer min={1} max={SETTINGS_LIMITS.count} value={settings.prove.samples} onCommit={(v) => void updateSettings({ prove: { samples: v } })} />
          <NumberField label="Rounds" integer min={0} max={SETTINGS_LIMITS.rounds} value={settings.prove.rounds} onCommit={(v) => void updateSettings({ prove: { rounds: v } })} />
          <NumberField label="Top k refined" integer min={1} max={SETTINGS_LIMITS.count} value={settings.prove.topK} onCommit={(v) => void updateSettings({ prove: { topK: v } })} />
          <NumberField label="Temperature" step={0.1} min={0} max={2} value={settings.sampling.temperature} onCommit={(v) => void updateSettings({ sampling: { temperature: v } })} />
          <NumberField label="Top p" step={0.05} min={0.05} max={1} value={settings.sampling.topP} onCommit={(v) => void updateSettings({ sampling: { topP: v } })} />
          <NumberField label="Max tokens" integer min={1} max={SETTINGS_LIMITS.maxTokens} step={256} value={settings.sampling.maxTokens} onCommit={(v) => void updateSettings({ sampling: { maxTokens: v } })} />
          <NumberField label="Concurrency" integer min={1} max={SETTINGS_LIMITS.concurrency} value={settings.concurrency} onCommit={(v) => void updateSettings({ concurrency: v })} />
          <label>Prompt profile
            <select value={settings.profile} onChange={(e) => void updateSettings({ profile: e.target.value as 'deepseek-math-v2' | 'labelled' })}>
              <option value="deepseek-math-v2">deepseek-math-v2 (released model)</option>
              <option value="labelled">labelled (small models)</option>
            </select>
          </label>
        </div>
      </section>
    </Modal>
  );
}

/** The demo scripts shipped with the app: one click loads one, no model needed (they answer the samples). */
function ShippedScripts({ onPick }: { onPick: (name: string) => void }) {
  const engine = useWorkbench((s) => s.engine);
  const [scripts, setScripts] = useState<string[]>([]);
  useEffect(() => {
    void engine?.listSampleScripts().then(setScripts).catch(() => setScripts([]));
  }, [engine]);
  if (scripts.length === 0) return null;
  return (
    <div className="pw-row" role="group" aria-label="Shipped demo scripts">
      <span className="pw-muted">Demo scripts (answer the samples, no model needed):</span>
      {scripts.map((name) => (
        <button key={name} type="button" data-testid={`script-${name}`} onClick={() => onPick(name)}>{name.replace(/\.scripted\.json$/, '')}</button>
      ))}
    </div>
  );
}

/** Write-only: the key goes to the engine, which only ever answers whether one is set. */
function ApiKeyField() {
  const engine = useWorkbench((s) => s.engine);
  const [key, setKey] = useState('');
  const [isSet, setIsSet] = useState<boolean | null>(null);
  useEffect(() => {
    void engine?.apiKeyStatus().then((r) => setIsSet(r.apiKeySet)).catch(() => setIsSet(null));
  }, [engine]);
  const save = async (value: string | null) => {
    if (!engine) return;
    try {
      const result = await engine.setApiKey({ key: value });
      setIsSet(result.apiKeySet);
      setKey('');
      notify(result.apiKeySet ? 'API key saved (kept by the engine, not shown again).' : 'API key forgotten; the engine falls back to OPENAI_API_KEY.');
    } catch (error) {
      notify(`Could not save the API key: ${error instanceof Error ? error.message : String(error)}`, 'error');
    }
  };
  return (
    <div className="pw-grid2">
      <label>
        API key <input type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} placeholder={isSet ? 'a key is saved' : 'none (OPENAI_API_KEY is used if set)'} aria-label="API key" />
      </label>
      <span>
        <button type="button" disabled={!key.trim()} onClick={() => void save(key)}>Save key</button>{' '}
        <button type="button" disabled={!isSet} onClick={() => void save(null)}>Forget key</button>
      </span>
    </div>
  );
}
