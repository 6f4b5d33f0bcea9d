// The workbench window: toolbar, problem pane + editor | preview with the findings column, and the
// bottom panel (problems, run, history). Global keys: Ctrl+Enter verify, Ctrl+S save, F8 next finding.
import { useEffect, useMemo, useRef, useState } from 'react';
import { editorBridge } from '../editor/bridge';
import { PreviewRenderer } from '../preview/incremental';
import { nextProblem } from '../state/annotationsView';
import { gradingUnsaved, useGrading } from '../state/grading';
import {
  exportReport, reloadModel, setProblem, setTheme, startRefine, startVerify, stopRun, useWorkbench, type BottomTab, type ThemeChoice,
} from '../state/store';
import { saveOrAsk } from './desktopCommands';
import { visibleInMessage, visibleName } from '../../app/common/file-names';
import { EngineWarnings } from './Damage';
import { DiffReview } from './DiffReview';
import { FilesDialog, RecoverDialog, SettingsDialog } from './Dialogs';
import { ModelLibraryDialog } from './ModelLibrary';
import { EditorPane } from './EditorPane';
import { PreviewContent } from './PreviewNodes';
import { DocumentScore, PreviewPane } from './PreviewPane';
import { currentProblems, jumpTo, ProblemsList, useProblems } from './ProblemsList';
import { ProveRunScore, RunHistory, RunPanel } from './RunPanel';
import { SearchDialog, VerifyEstimate } from './SearchDialog';
import { ProblemTabs } from './GradingPanes';
import { RunRecordDialog } from './RunRecord';
import { SplitPane } from './SplitPane';
import { Welcome } from './Welcome';
import { usePageTabCycle } from './focusTrap';
import { useEffectiveTheme } from './theme';

function Toolbar() {
  const name = useWorkbench((s) => s.name);
  const path = useWorkbench((s) => s.path);
  const docId = useWorkbench((s) => s.docId);
  // The reference solution and marking scheme are saved with the proof (Save): unsaved, they mark it too.
  const gradingDirty = useGrading((g) => g.dirty && g.docId === docId);
  const dirty = useWorkbench((s) => s.dirty) || gradingDirty;
  const run = useWorkbench((s) => s.run);
  const theme = useWorkbench((s) => s.theme);
  const running = run?.status === 'running';
  // Said before the click: a selection (the user's, not one Find/Replace left) makes Verify check only it.
  const selection = useWorkbench((s) => s.verifySelection);
  return (
    <header className="pw-toolbar" role="toolbar" aria-label="Main toolbar">
      <span className="pw-brand">Proofwright</span>
      <button type="button" onClick={() => useWorkbench.setState({ dialog: 'open' })} title="Open, new from sample, save as">Files</button>
      <button type="button" onClick={() => void saveOrAsk()} title="Save (Ctrl+S)">Save</button>
      <button type="button" onClick={() => void exportReport()} title="Save the proof with its findings as an HTML report" data-testid="export">Export report</button>
      <span className="pw-docname" data-testid="docname" title={visibleName(path ?? name)}><bdi>{visibleName(name)}</bdi>{dirty ? ' •' : ''}</span>
      <span className="pw-sep" />
      <button type="button" disabled={running} onClick={() => void startVerify(useWorkbench.getState().verifySelection ?? undefined)} title={selection ? 'Verify the steps the selection touches (Ctrl+Enter); without a selection, the whole proof' : 'Verify the whole proof (Ctrl+Enter); select text to verify only its steps'} data-testid="verify" className="pw-primary pw-keeps-width" data-widest="Verify selection"><span>{selection ? 'Verify selection' : 'Verify'}</span></button>
      <VerifyEstimate />
      <button type="button" disabled={running} onClick={() => useWorkbench.setState({ dialog: 'prove' })} title="Write proofs for the problem and search for the best (choose the search size first)" data-testid="prove">Prove…</button>
      <button type="button" disabled={running} onClick={() => void startRefine()} title="Refine the proof using the last verification" data-testid="refine">Refine</button>
      <button type="button" disabled={!running} onClick={() => void stopRun()} data-testid="stop">Stop</button>
      <span className="pw-spacer" />
      <EngineBadge />
      <label className="pw-select">
        <span className="pw-select-label">Theme </span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)} aria-label="Theme" data-testid="theme">
          <option value="system">system</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </label>
      <button type="button" onClick={() => useWorkbench.setState({ dialog: 'models' })} title="Download, inspect, load and remove models" data-testid="open-library">Model library</button>
      <button type="button" onClick={() => useWorkbench.setState({ dialog: 'settings' })}>Models &amp; settings</button>
    </header>
  );
}

/** Engine and model state; offers to reload a model that was not reloaded after an engine crash. */
/** The start of a long message for a one-line label (the full text stays in the title). */
function clipText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function EngineBadge() {
  const connection = useWorkbench((s) => s.connection);
  const backend = useWorkbench((s) => s.backend);
  const settings = useWorkbench((s) => s.settings);
  const status = useWorkbench((s) => s.engineStatus);
  const stopped = status?.state === 'stopped';
  const label = stopped
    ? `engine stopped: ${status.reason}`
    : connection === 'ready'
      ? backend?.state === 'error' && !backend.model
        // Without "engine · " before it: on a narrow toolbar the chip is cut, and "engine · …" said nothing.
        ? `model failed to load: ${clipText(backend.error ?? 'no reason given', 140)}`
        : `engine · ${backend?.model ?? (backend?.state === 'loading' ? 'loading model…' : 'no model')}`
      : connection === 'lost' ? 'engine lost — reconnecting…' : 'connecting…';
  const canReload = connection === 'ready' && !stopped && backend?.state !== 'ready' && backend?.state !== 'loading' && !!settings?.backend;
  return (
    <>
      <span className={`pw-conn pw-conn-${stopped ? 'lost' : connection}${!stopped && connection === 'ready' && backend?.state === 'error' ? ' pw-conn-failed' : ''}`} data-testid="connection" title={backend?.error && !label.includes(backend.error) ? `${label}\n${backend.error}` : label} role="status">{label}</span>
      {canReload && <button type="button" onClick={() => void reloadModel()} title={`Load ${settings!.backend} again`}>Reload<span className="pw-wide-only"> model</span></button>}
      {connection === 'ready' && !stopped && backend?.state !== 'ready' && backend?.state !== 'loading' && (
        <button type="button" onClick={() => useWorkbench.setState({ dialog: 'settings' })} data-testid="choose-model">Choose a model</button>
      )}
    </>
  );
}

/**
 * First-start shares of the workspace and the bottom panel: on a short window (720 px) the panel starts
 * at about 130 px, so the editor keeps most of the height; taller windows give it 28 %.
 */
function panelsInitial(): number[] {
  const panel = window.innerHeight < 900 ? 0.19 : 0.28;
  return [1 - panel, panel];
}

/**
 * Smallest height of the bottom panel in CSS px, by tab: the Problems tab keeps the first-start
 * ~130 px (the editor gets the height: its filters and three rows), but a list of runs in 130 px
 * showed one row at 1280×720, so while History is shown the panel is at least its tabs, its header
 * and six rows (it scrolls past them); while Run is shown, its status line, the call's title and six
 * lines of the run's log (at ~110 px it showed half a line). The workspace above keeps its own
 * minimum, and the user's share comes back with another tab.
 */
function bottomPanelMinPx(tab: BottomTab): number {
  return tab === 'history' ? 240 : tab === 'run' ? 220 : 130;
}

function ProblemPane() {
  const problem = useWorkbench((s) => s.problem);
  const loadNonce = useWorkbench((s) => s.loadNonce);
  // Whether the field is open is the user's choice, never derived from what is typed in it (that made
  // the field vanish after the first key of an empty statement). Each loaded document starts in the
  // field when it has no statement yet.
  const [editing, setEditing] = useState(() => !problem);
  useEffect(() => setEditing(!useWorkbench.getState().problem), [loadNonce]);
  // Edit (button, Enter on it, or a double click) puts the caret at the end of the field: focus left on
  // the button sent the typed text nowhere, and each space pressed the button again (reviewer rev21 F2).
  // A document opening with its field open does not take the focus from the proof editor.
  const field = useRef<HTMLTextAreaElement>(null);
  const focusField = useRef(false);
  const edit = (on: boolean) => {
    focusField.current = on;
    setEditing(on);
  };
  useEffect(() => {
    const input = field.current;
    if (!editing || !focusField.current || !input) return;
    focusField.current = false;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }, [editing]);
  const renderer = useMemo(() => new PreviewRenderer(), []);
  // The document's own macros (its preamble or `\newcommand`s, over the workspace's): the statement
  // is part of the same document, so `\R` or `\eps` defined there typeset here too. Published by the
  // preview only when they change, so typing in the proof does not re-render the statement.
  const workspaceMacros = useWorkbench((s) => s.workspaceMacros);
  const documentMacros = useWorkbench((s) => s.macros);
  const macros = useMemo(() => ({ ...workspaceMacros, ...documentMacros }), [workspaceMacros, documentMacros]);
  const rendered = useMemo(() => renderer.update(problem, macros), [renderer, problem, macros]);
  return (
    <div className="pw-problem-pane">
      <div className="pw-pane-header">
        <span className="pw-pane-title">Problem</span>
        <button type="button" onClick={() => edit(!editing)} aria-pressed={editing}>{editing ? 'Done' : 'Edit'}</button>
      </div>
      {editing ? (
        <textarea
          ref={field} className="pw-problem-input" value={problem} onChange={(e) => setProblem(e.target.value)}
          aria-label="Problem statement" placeholder="State the problem the proof is about (Markdown + LaTeX)…" spellCheck
        />
      ) : (
        <div className="pw-problem-rendered" onDoubleClick={() => edit(true)} data-testid="problem-rendered">
          {problem.trim() === '' && <p className="pw-muted">No problem stated yet: press Edit to add one.</p>}
          {rendered.blocks.map((b) => <div key={b.key}><PreviewContent nodes={b.rendered.nodes} /></div>)}
        </div>
      )}
    </div>
  );
}

function BottomPanel() {
  const tab = useWorkbench((s) => s.bottomTab);
  const problems = useProblems();
  const run = useWorkbench((s) => s.run);
  const tabs: [BottomTab, string][] = [['problems', `Problems (${problems.length})`], ['run', run?.status === 'running' ? 'Run ●' : 'Run'], ['history', 'History']];
  return (
    <div className="pw-bottom">
      <div className="pw-tabs" role="tablist" aria-label="Panels">
        {tabs.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} onClick={() => useWorkbench.setState({ bottomTab: id })} data-testid={`tab-${id}`}>{label}</button>
        ))}
        <span className="pw-spacer" />
        {/* The Run tab showing a search: its own result, not the editor proof's score. */}
        {tab === 'run' && run?.kind === 'prove' ? <ProveRunScore run={run} /> : <DocumentScore />}
      </div>
      <div className="pw-tab-body" role="tabpanel">
        {tab === 'problems' && <ProblemsList />}
        {tab === 'run' && <RunPanel />}
        {tab === 'history' && <RunHistory />}
      </div>
    </div>
  );
}

function Notice() {
  const notice = useWorkbench((s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    // A notice with a way to fix it stays longer: the user has to read it and reach the button.
    const id = setTimeout(() => useWorkbench.setState({ notice: null }), notice.action ? 30_000 : notice.kind !== 'info' ? 10_000 : 4000);
    return () => clearTimeout(id);
  }, [notice]);
  // Escape hides the toast, as VS Code's notifications.hideToasts does, unless something else used the
  // key (a dialog, the review, Monaco's find or suggest widget): its action button covered whatever lay
  // under it (a row of the panels, the last problem), so the user needs a way to get it out of the way.
  useEffect(() => {
    if (!notice) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('[aria-modal=true], [data-testid=review]')) return;
      useWorkbench.setState({ notice: null });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [notice]);
  if (!notice) return null;
  return (
    <div className={`pw-notice pw-notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      {visibleInMessage(notice.text)}
      {notice.action && <button type="button" className="pw-notice-action" onClick={notice.action.run} data-testid="notice-action">{notice.action.label}</button>}
      {notice.secondary && <button type="button" className="pw-notice-action" onClick={notice.secondary.run} data-testid="notice-secondary">{notice.secondary.label}</button>}
      <button type="button" className="pw-notice-close" onClick={() => useWorkbench.setState({ notice: null })} aria-label="Close the notification (Esc)" title="Close (Esc)" data-testid="notice-close" />
    </div>
  );
}

/**
 * Focus the proof editor once a document the user opened is in and no dialog is left open (the
 * Files dialog closes after the load, and its focus trap gives focus back to the Files button first:
 * this runs after that, in the same commit or a later one). Each request (`focusEditor`) is served once.
 */
function useFocusEditorOnOpen() {
  const request = useWorkbench((s) => s.focusEditor);
  const dialogOpen = useWorkbench((s) => s.dialog !== null);
  const served = useRef(0);
  useEffect(() => {
    if (request === served.current || dialogOpen) return;
    served.current = request;
    editorBridge()?.focus();
  }, [request, dialogOpen]);
}

function useGlobalKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key === 's') {
        e.preventDefault();
        void saveOrAsk();
      } else if (mod && e.key === 'Enter') {
        // Inside the editor Monaco handles it (with the selection); elsewhere verify the whole proof.
        if ((e.target as HTMLElement).closest?.('.monaco-editor')) return;
        e.preventDefault();
        void startVerify();
      } else if (e.key === 'F1' && !mod && !(e.target as HTMLElement).closest?.('.monaco-editor, [role=dialog]')) {
        // The status bar promises "F1: all commands" wherever focus is (the problem box, a toolbar
        // button): open the proof editor's palette, which lists the app's commands too. Not from a
        // dialog: the palette would open behind its backdrop.
        const editor = editorBridge();
        if (!editor) return;
        e.preventDefault();
        editor.focus();
        editor.runAction('editor.action.quickCommand');
      } else if (e.key === 'F8' && !(e.target as HTMLElement).closest?.('.monaco-editor')) {
        e.preventDefault();
        // Read now, not subscribed: App re-rendered the whole workbench on every answer of the engine.
        const next = nextProblem(currentProblems(), useWorkbench.getState().cursorOffset);
        if (next) jumpTo(next);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Leaving with unsaved changes asks first (the recovery copy exists too, but the user should know). */
function useUnsavedGuard() {
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const { dirty, path, docId } = useWorkbench.getState();
      if ((dirty && path) || gradingUnsaved(docId)) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
}

export function App() {
  const theme = useEffectiveTheme();
  const dialog = useWorkbench((s) => s.dialog);
  const review = useWorkbench((s) => s.review);
  const welcome = useWorkbench((s) => s.welcome);
  const emptyDoc = useWorkbench((s) => s.text === '');
  const bottomTab = useWorkbench((s) => s.bottomTab);
  useGlobalKeys();
  useUnsavedGuard();
  useFocusEditorOnOpen();
  const root = useRef<HTMLDivElement>(null);
  usePageTabCycle(root);
  return (
    <div className={`pw-app pw-theme-${theme}`} data-theme={theme} ref={root}>
      <Toolbar />
      <main className="pw-main">
        {/* Minimum sizes keep every pane usable at 1280×720: a few lines of problem, of proof, of panel. */}
        <SplitPane id="vertical" direction="column" initial={panelsInitial()} minPx={[300, bottomPanelMinPx(bottomTab)]} labels={['Workspace', 'Panels']}>
          {/* The review covers the panes it compares, never the run panel below: a run's failures stay in view. */}
          <div className="pw-workspace">
            <SplitPane id="columns" direction="row" initial={[0.44, 0.56]} minPx={[320, 420]} labels={['Problem and proof', 'Preview and findings']}>
              {/* The problem pane is no taller than its statement (up to its share): the editor gets the rest. */}
              <SplitPane id="left" direction="column" initial={[0.3, 0.7]} minPx={[96, 120]} fit={0} labels={['Problem', 'Proof editor']}>
                <ProblemTabs problemPane={<ProblemPane />} />
                <div className="pw-editor-wrap">
                  <EditorPane />
                </div>
              </SplitPane>
              {/* The guide takes the preview (at a first start, the empty document's): the editor stays usable beside it. */}
              <div className="pw-preview-wrap">
                <PreviewPane />
                {(welcome === 'asked' || (welcome === 'first-start' && emptyDoc)) && <Welcome />}
              </div>
            </SplitPane>
            {review && <DiffReview />}
          </div>
          <BottomPanel />
        </SplitPane>
      </main>
      <EngineWarnings />
      <Notice />
      {dialog === 'open' && <FilesDialog />}
      {dialog === 'new' && <FilesDialog focusNew />}
      {dialog === 'settings' && <SettingsDialog />}
      {dialog === 'models' && <ModelLibraryDialog />}
      {dialog === 'recover' && <RecoverDialog />}
      {dialog === 'prove' && <SearchDialog />}
      {dialog === 'record' && <RunRecordDialog />}
    </div>
  );
}
