// The model library, in the way of LM Studio's: the catalogue (size, quantisation, context, whether it
// fits this machine), downloads with progress, speed, ETA, pause/resume and cancel, the library's
// models with a readable inspect card, load / unload / remove, and how the loaded model runs
// (threads, context, GPU layers). State and engine calls are in ../state/models.ts.
import { useContext, useEffect, useRef, useState } from 'react';
import type { CatalogueEntry, ModelEntry } from '../../app/common/contract';
import { LOCAL_LOAD_LIMITS, fitsMachine, formatBytes, formatRate, modelLabel, type MachineInfo, type ModelInspection } from '../../app/common/model-library';
import { formatDuration } from '../../app/common/search';
import {
  applyLoadSettings, estimateContext, importModel, loadedFile, loadModel, pullModel, refreshLibrary, removeModel, stopPull, unloadModel, useModelLibrary, type PullView,
} from '../state/model-library';
import { useWorkbench } from '../state/store';
import { Modal } from './Dialogs';
import { NumberField } from './NumberField';
import { FieldDraftsContext } from './fieldDrafts';

const close = () => useWorkbench.setState({ dialog: null });
const tokens = (n: number) => (n >= 1024 && n % 1024 === 0 ? `${n / 1024}k` : n.toLocaleString('en'));

export function ModelLibraryDialog() {
  const engine = useWorkbench((s) => s.engine);
  const models = useModelLibrary((s) => s.models);
  const [tab, setTab] = useState<'discover' | 'mine'>('discover');
  useEffect(() => {
    void refreshLibrary();
  }, [engine]);
  return (
    // Opens on the Discover tab (data-autofocus): Enter or Space there changes nothing, where the first
    // control (Unload, or the load settings' Apply and reload) would.
    <Modal title="Model library" onClose={close} testId="model-library" wide>
      <MachineLine />
      <LoadedModel />
      <Downloads />
      <div className="pw-tabs" role="tablist" aria-label="Model library">
        <button type="button" role="tab" aria-selected={tab === 'discover'} onClick={() => setTab('discover')} data-testid="tab-discover" data-autofocus>Discover</button>
        <button type="button" role="tab" aria-selected={tab === 'mine'} onClick={() => setTab('mine')} data-testid="tab-mine">My models ({models.length})</button>
      </div>
      <div role="tabpanel">{tab === 'discover' ? <Catalogue /> : <MyModels />}</div>
    </Modal>
  );
}

function MachineLine() {
  const machine = useModelLibrary((s) => s.machine);
  if (!machine) return <p className="pw-muted">Reading this machine's memory…</p>;
  const gpu = machine.gpu
    ? `GPU (${machine.gpu.kind}): ${formatBytes(machine.gpu.totalVramBytes)} (${formatBytes(machine.gpu.freeVramBytes)} free)`
    : machine.gpuProbed ? 'no GPU in use (CPU only)' : 'GPU: known once a local model is loaded';
  return (
    <p className="pw-machine" data-testid="machine">
      This machine: {formatBytes(machine.totalMemoryBytes)} RAM ({formatBytes(machine.freeMemoryBytes)} free) · {machine.cpuCores} CPU cores · {gpu}
    </p>
  );
}

/** Whether `bytes` fit this machine; `short` keeps only the verdict (the figures stay in the tooltip). */
function FitBadge({ bytes, machine, prefix, short }: { bytes: number; machine: MachineInfo | null; prefix?: string; short?: boolean }) {
  if (!machine) return null;
  const { fit, text } = fitsMachine(bytes, machine);
  const shown = short ? text.replace(/[:(].*$/, '').trim() : text;
  return <span className={`pw-fit pw-fit-${fit}`} data-testid="fit" title={text}>{prefix ? `${prefix} ` : ''}{shown}</span>;
}

/** A thread or context count as its field shows it: empty for automatic (null or not set). */
const countText = (value: number | null | undefined): string => (value == null ? '' : String(value));

/** The loaded model and how local models run; changes reload a loaded local model. */
function LoadedModel() {
  const backend = useWorkbench((s) => s.backend);
  const settings = useWorkbench((s) => s.settings);
  const machine = useModelLibrary((s) => s.machine);
  const local = settings?.local;
  // Values whose save failed come back, with why (applyLoadSettings keeps them; the dialog may have
  // closed before the failure came).
  const [unsaved] = useState(() => useModelLibrary.getState().unsavedLoad);
  const [threads, setThreads] = useState(() => (unsaved ? countText(unsaved.patch.threads) : ''));
  const [context, setContext] = useState(() => (unsaved ? countText(unsaved.patch.contextSize) : ''));
  const [gpuLayers, setGpuLayers] = useState(() => (unsaved?.patch.gpuLayers !== undefined ? String(unsaved.patch.gpuLayers) : ''));
  const [error, setError] = useState<string | null>(() => (unsaved ? `Not saved: ${unsaved.why}. Apply to try again.` : null));
  // The fields follow the saved settings, except one the user has typed in since they were last
  // shown: a save landing meanwhile (an earlier Apply's) wiped a value being typed, and the next Apply
  // sent the old one (model-library-limits' 30 s timeout under load). Restored unsaved values count as
  // typed (no saved value is shown as NUL).
  const shownSaved = useRef(unsaved ? { threads: '\u0000', context: '\u0000', gpuLayers: '\u0000' } : { threads: '', context: '', gpuLayers: '' });
  useEffect(() => {
    if (!local) return;
    const next = { threads: local.threads === null ? '' : String(local.threads), context: local.contextSize === null ? '' : String(local.contextSize), gpuLayers: String(local.gpuLayers) };
    const was = shownSaved.current;
    setThreads((now) => (now === was.threads ? next.threads : now));
    setContext((now) => (now === was.context ? next.context : now));
    setGpuLayers((now) => (now === was.gpuLayers ? next.gpuLayers : now));
    shownSaved.current = next;
  }, [local?.threads, local?.contextSize, local?.gpuLayers]);

  /** The fields read against the schema's ranges (LOCAL_LOAD_LIMITS): the patch, or why not. */
  const read = (): { patch: { threads: number | null; contextSize: number | null; gpuLayers: 'auto' | 'max' | number } } | { problem: string } => {
    const count = (text: string, label: string, max: number): number | null | string => {
      const t = text.trim().toLowerCase();
      if (t === '' || t === 'auto') return null;
      return /^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= max ? Number(t) : `${label} must be a whole number from 1 to ${max}, or empty for automatic`;
    };
    const t = count(threads, 'Threads', LOCAL_LOAD_LIMITS.threads);
    const c = count(context, 'Context', LOCAL_LOAD_LIMITS.contextSize);
    const g = gpuLayers.trim().toLowerCase();
    const layers = g === '' || g === 'auto' ? 'auto' : g === 'max' ? 'max' : /^\d+$/.test(g) && Number(g) <= LOCAL_LOAD_LIMITS.gpuLayers ? Number(g) : null;
    const problem = [t, c].find((v) => typeof v === 'string') ?? (layers === null ? `GPU layers must be auto, max or a whole number from 0 to ${LOCAL_LOAD_LIMITS.gpuLayers}` : null);
    return problem ? { problem } : { patch: { threads: t as number | null, contextSize: c as number | null, gpuLayers: layers! } };
  };
  const apply = () => {
    const r = read();
    setError('problem' in r ? r.problem : null);
    if ('patch' in r) void applyLoadSettings(r.patch);
  };
  // Typed and not applied: closing the library applies it, or (not valid) stops the first close with
  // the reason, as the fields of Models & settings do (reviewer rev18 F9).
  const latest = useRef({ read, apply, local });
  latest.current = { read, apply, local };
  const drafts = useContext(FieldDraftsContext);
  useEffect(() => drafts?.register({
    settle: () => {
      const { read: readNow, local: saved } = latest.current;
      const r = readNow();
      if ('problem' in r) {
        setError(r.problem);
        return `load\u0000${r.problem}`;
      }
      const p = r.patch;
      const changed = saved && (p.threads !== saved.threads || p.contextSize !== saved.contextSize || p.gpuLayers !== saved.gpuLayers);
      // Nothing can be saved while the engine is out of reach: the close is stopped with that reason
      // and the values stay in the fields, rather than dropped without a word (wb14).
      if (changed && useWorkbench.getState().connection !== 'ready') {
        const problem = 'The engine is not reachable, so these settings cannot be saved now';
        setError(problem);
        return `load\u0000${problem}`;
      }
      if (changed) void applyLoadSettings(p);
      else useModelLibrary.setState({ unsavedLoad: null }); // closed on the saved values: nothing left to keep
      return null;
    },
    stopClose: () => {
      setError((e) => `${e ?? ''}. Not saved: close again to leave the saved settings as they are.`);
      form.current?.querySelector('input')?.focus();
    },
    focus: () => form.current?.querySelector('input')?.focus(),
  }), [drafts]);
  const form = useRef<HTMLFormElement>(null);

  const loaded = backend?.state === 'ready';
  // Threads, context and GPU layers are llama.cpp's, for a GGUF model run here: shown with a local model
  // and with none (they are kept for the next load), not for the demo script or a server, where Apply
  // changed nothing (reviewer). What answers instead is said.
  const elsewhere = (loaded || backend?.state === 'loading') && backend?.kind && backend.kind !== 'local' ? backend.kind : null;
  return (
    <section className="pw-loaded" aria-label="Loaded model" data-testid="loaded-model">
      <h3>Loaded model</h3>
      <p data-testid="loaded-status">
        {loaded ? (
          <>
            <strong>{backend.model}</strong>{loadedFile(backend) && <span className="pw-muted"> {loadedFile(backend)}</span>} ({backend.kind}){backend.contextSize ? ` · context ${tokens(backend.contextSize)} tokens` : ''}
            {backend.parallel ? ` × ${backend.parallel} sequences` : ''}
            {backend.threads !== undefined ? ` · ${backend.threads} thread${backend.threads === 1 ? '' : 's'}` : ''}
            {backend.gpuLayers !== undefined ? ` · ${backend.gpuLayers} GPU layer${backend.gpuLayers === 1 ? '' : 's'}` : ''}{' '}
            <button type="button" onClick={() => void unloadModel()} data-testid="unload" data-destructive>Unload</button>
          </>
        ) : backend?.state === 'loading' ? (
          <span className="pw-muted">Loading {backend.spec}…</span>
        ) : (
          <span className="pw-muted">No model loaded{backend?.error ? `: ${backend.error}` : ''}. Load one from My models.</span>
        )}
      </p>
      {elsewhere ? (
        <p className="pw-muted" data-testid="load-settings-na">
          {elsewhere === 'scripted'
            ? 'The demo script answers from its file: it has no threads, context or GPU layers. '
            : 'The server runs the model with its own threads, context and GPU layers. '}
          These settings apply to a GGUF model loaded from My models.
        </p>
      ) : <form ref={form} className="pw-load-settings" onSubmit={(e) => { e.preventDefault(); apply(); }}>
        <label>Threads <input aria-label="Threads" value={threads} onChange={(e) => setThreads(e.target.value)} placeholder={`auto (${machine?.cpuCores ?? '?'} cores)`} /></label>
        <label>Context (tokens per sequence) <input aria-label="Context size" value={context} onChange={(e) => setContext(e.target.value)} placeholder="auto (trained, ≤ 16k)" /></label>
        <label>GPU layers <input aria-label="GPU layers" value={gpuLayers} onChange={(e) => setGpuLayers(e.target.value)} placeholder="auto" /></label>
        <button type="submit" data-testid="apply-load">{backend?.kind === 'local' && loaded ? 'Apply and reload' : 'Apply'}</button>
      </form>}
      {error && <p className="pw-field-error" role="alert">{error}</p>}
    </section>
  );
}

function describePull(p: PullView): string {
  const total = p.totalBytes ?? null;
  const pct = total ? ` (${Math.floor((100 * p.receivedBytes) / total)}%)` : '';
  const size = `${formatBytes(p.receivedBytes)}${total ? ` of ${formatBytes(total)}` : ''}${pct}`;
  if (p.state === 'paused') return `Paused at ${size}${renamed(p)}`;
  // Refused before any byte (a bad reference, a name taken): not a download that failed part way (rev18 F6).
  if (p.state === 'failed' && p.refused) return `Not downloaded: ${p.error ?? 'no reason given'}`;
  if (p.state === 'failed') return p.receivedBytes > 0 ? `Failed at ${size}: ${p.error ?? 'no reason given'}` : `Failed: ${p.error ?? 'no reason given'}`;
  if (p.state === 'cancelled') return 'Cancelled; nothing was kept';
  const speed = p.bytesPerSecond ? ` · ${formatRate(p.bytesPerSecond)}` : '';
  const eta = p.etaSeconds != null ? ` · ${formatDuration(p.etaSeconds * 1000)} left` : '';
  const resumed = p.resumedFromBytes ? ` · resumed at ${formatBytes(p.resumedFromBytes)}` : '';
  const part = p.part && p.part.count > 1 ? ` · file ${p.part.index} of ${p.part.count}` : '';
  return `${size}${speed}${eta}${resumed}${part}${renamed(p)}`;
}

/** Said while a download is saved under another name than its source's (that name is another download's: rev18 F5). */
function renamed(p: PullView): string {
  return p.renamedFrom && p.fileName ? ` · saved as ${p.fileName}: another download is saving to ${p.renamedFrom}` : '';
}

function Downloads() {
  const pulls = useModelLibrary((s) => s.pulls);
  // A refused reference never became a download: its reason is said where it was asked (under the
  // field, or on its catalogue card), not listed here with nothing to resume (rev18 F6).
  const list = Object.values(pulls).filter((p) => p.state !== 'done' && !(p.state === 'failed' && p.refused));
  if (list.length === 0) return null;
  return (
    <section aria-label="Downloads">
      <h3>Downloads</h3>
      <ul className="pw-pulls">
        {list.map((p) => (
          <li key={p.ref} className={`pw-pull pw-pull-${p.state}`} data-testid="pull" data-state={p.state}>
            <span className="pw-pull-name" title={p.ref}>{p.fileName ?? p.ref}</span>
            <progress value={p.receivedBytes} max={p.totalBytes ?? undefined} aria-label={`Download of ${p.fileName ?? p.ref}`} />
            <span className="pw-pull-text" data-testid="pull-text">{describePull(p)}</span>
            <span className="pw-pull-actions">
              {p.state === 'running' && <button type="button" onClick={() => void stopPull(p.ref, false)} data-testid="pause">Pause</button>}
              {(p.state === 'paused' || (p.state === 'failed' && p.receivedBytes > 0)) && <button type="button" className="pw-primary" onClick={() => void pullModel(p.ref)} data-testid="resume">Resume</button>}
              {p.state === 'failed' && p.receivedBytes === 0 && <button type="button" className="pw-primary" onClick={() => void pullModel(p.ref)} data-testid="retry">Try again</button>}
              {(p.state === 'running' || p.state === 'paused') && <button type="button" onClick={() => void stopPull(p.ref, true)} data-testid="cancel-pull" data-destructive>Cancel</button>}
              {(p.state === 'failed' || p.state === 'cancelled') && (
                <button type="button" onClick={() => useModelLibrary.setState((s) => ({ pulls: Object.fromEntries(Object.entries(s.pulls).filter(([ref]) => ref !== p.ref)) }))}>Dismiss</button>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Catalogue() {
  const catalogue = useModelLibrary((s) => s.catalogue);
  const models = useModelLibrary((s) => s.models);
  const machine = useModelLibrary((s) => s.machine);
  const pulls = useModelLibrary((s) => s.pulls);
  const [custom, setCustom] = useState('');
  // The reference last asked for here: its download's state shows under the field, where the user
  // is. Shown only in Downloads at the top of the dialog, it was scrolled out of view at 1280×720 and
  // the click seemed to do nothing (reviewer).
  const [asked, setAsked] = useState<string | null>(null);
  const askedPull = asked ? pulls[asked] : undefined;
  const submit = () => {
    const ref = custom.trim();
    if (!ref) return;
    setAsked(ref);
    void pullModel(ref);
  };
  // The field empties once the download is under way (bytes coming) or done; a reference refused or
  // failing before any byte came (malformed, no such repository) stays, to be corrected.
  const underWay = askedPull && (askedPull.state === 'done' || (askedPull.state === 'running' && askedPull.receivedBytes > 0));
  useEffect(() => {
    if (underWay) setCustom((now) => (now.trim() === asked ? '' : now));
  }, [underWay, asked]);
  // The line sits below the field at the foot of the dialog's scrolling body: brought into view when
  // it appears or its state changes, else at 1280×720 it was under the fold and Download seemed to do
  // nothing (rev18 F6).
  const statusLine = useRef<HTMLParagraphElement>(null);
  const askedState = askedPull ? `${askedPull.ref}\u0000${askedPull.state}` : null;
  useEffect(() => {
    if (askedState) statusLine.current?.scrollIntoView({ block: 'nearest' });
  }, [askedState]);
  return (
    <>
      <ul className="pw-catalogue" data-testid="catalogue">
        {catalogue.map((c) => (
          <CatalogueCard key={c.ref} entry={c} installed={models.find((m) => m.source === c.ref)} machine={machine} pull={pulls[c.ref]} />
        ))}
      </ul>
      <form className="pw-row" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <input aria-label="Pull model reference" value={custom} onChange={(e) => setCustom(e.target.value)} placeholder="Another model: hf:USER/REPO:QUANT, hf:USER/REPO/FILE.gguf or an https URL" />
        <button type="submit" disabled={!custom.trim()}>Download</button>
      </form>
      {askedPull && (
        <p ref={statusLine} className={`pw-custom-pull pw-pull-${askedPull.state}`} role="status" data-testid="custom-pull-status">
          <span className="pw-pull-name">{askedPull.fileName ?? askedPull.ref}</span>: {askedPull.state === 'done' ? 'downloaded (see My models)' : describePull(askedPull)}
          {askedPull.state !== 'done' && !(askedPull.state === 'failed' && askedPull.refused) && ' — also under Downloads above'}
        </p>
      )}
    </>
  );
}

function CatalogueCard({ entry, installed, machine, pull }: { entry: CatalogueEntry; installed?: ModelEntry; machine: MachineInfo | null; pull?: PullView }) {
  const backend = useWorkbench((s) => s.backend);
  const loaded = installed?.path !== undefined && backend?.state === 'ready' && backend.spec === `local:${installed.path}`;
  const server = entry.backend === 'openai';
  return (
    <li className="pw-card" data-testid={`catalogue-${entry.ref}`}>
      <div className="pw-card-head">
        <strong>{entry.name}</strong>
        {entry.suitability && <span className={`pw-tag pw-suit-${entry.suitability}`}>{entry.suitability}</span>}
      </div>
      <div className="pw-facts">
        {entry.parameters && <span title="Parameters">{entry.parameters}</span>}
        {entry.quantization && <span title="Quantisation">{entry.quantization}</span>}
        {entry.sizeBytes !== undefined && !server && <span title="Download size">{formatBytes(entry.sizeBytes)}</span>}
        {entry.contextLength && <span title="Trained context">{tokens(entry.contextLength)} context</span>}
      </div>
      {entry.approxMemoryBytes !== undefined && !server && <FitBadge bytes={entry.approxMemoryBytes} machine={machine} prefix="8k context:" />}
      {entry.description && <p className="pw-card-notes">{entry.description}</p>}
      <div className="pw-row">
        {server ? (
          <span className="pw-muted">Runs on a server: <code>{entry.ref}</code> (Models &amp; settings › OpenAI-compatible server)</span>
        ) : installed ? (
          <>
            <span className="pw-ok">In your library</span>
            {loaded ? <span className="pw-muted">loaded</span> : <button type="button" onClick={() => void loadModel(installed)}>Load</button>}
          </>
        ) : pull && pull.state !== 'failed' && pull.state !== 'cancelled' ? (
          <span className="pw-muted">{pull.state === 'paused' ? 'Paused (see Downloads)' : 'Downloading…'}</span>
        ) : (
          <button type="button" className="pw-primary" onClick={() => void pullModel(entry.ref)} data-testid="download">Download</button>
        )}
      </div>
      {pull?.state === 'failed' && pull.refused && <p className="pw-field-error" role="alert" data-testid="catalogue-refused">{describePull(pull)}</p>}
    </li>
  );
}

function MyModels() {
  const models = useModelLibrary((s) => s.models);
  const inspections = useModelLibrary((s) => s.inspections);
  const inspectErrors = useModelLibrary((s) => s.inspectErrors);
  const machine = useModelLibrary((s) => s.machine);
  const inspected = useModelLibrary((s) => s.inspected);
  const confirm = useModelLibrary((s) => s.confirmRemove);
  const backend = useWorkbench((s) => s.backend);
  const [importPath, setImportPath] = useState('');
  return (
    <>
      <table className="pw-table pw-models" data-testid="my-models">
        <thead><tr><th>Model</th><th>Parameters</th><th>Quantisation</th><th>Size</th><th>Context</th><th>Memory (as loaded)</th><th /></tr></thead>
        <tbody>
          {models.length === 0 && <tr><td colSpan={7} className="pw-muted">No models yet: download one from Discover, or import a GGUF file below.</td></tr>}
          {models.map((m) => {
            const card = inspections[m.id];
            const isLoaded = m.path !== undefined && backend?.state === 'ready' && backend.spec === `local:${m.path}`;
            return [
              <tr key={m.id} data-testid={`model-${m.id}`}>
                <td>
                  {/* A long name is cut with … (the whole of it in the tooltip), so the table keeps to the dialog and every row's buttons stay in view (reviewer rev18 F3). */}
                  <div className="pw-model-name" title={m.name !== m.id ? `${m.name} · ${m.id}` : m.name} data-testid="row-name">
                    <strong>{m.name}</strong>{m.name !== m.id && <span className="pw-muted"> {m.id}</span>}
                  </div>
                  {m.linked && <span className="pw-tag" title={m.target ?? m.path}>linked</span>}
                  {m.splitParts && <span className="pw-tag" title="One model split in several GGUF files, kept side by side">{m.splitParts} files</span>}
                  {isLoaded && <span className="pw-tag pw-tag-loaded">loaded</span>}
                  {m.problem && <div className="pw-field-error">{m.problem}</div>}
                </td>
                <td>{m.parameters ?? '—'}</td>
                <td>{m.quantization ?? '—'}</td>
                <td className="pw-nowrap">{m.sizeBytes !== undefined ? formatBytes(m.sizeBytes) : '—'}</td>
                <td>{m.contextLength ? tokens(m.contextLength) : '—'}</td>
                <td>{card ? <><span className="pw-nowrap">{formatBytes(card.memory.totalBytes)}</span> <FitBadge bytes={card.memory.totalBytes} machine={machine} short /></> : inspectErrors[m.id] ? <span className="pw-field-error" title={inspectErrors[m.id]}>not known</span> : '—'}</td>
                <td className="pw-actions">
                  {isLoaded
                    ? <button type="button" onClick={() => void unloadModel()} data-destructive>Unload</button>
                    : <button type="button" className="pw-primary" disabled={!!m.problem} onClick={() => void loadModel(m)} data-testid="load">Load</button>}
                  <button type="button" aria-expanded={inspected === m.id} onClick={() => useModelLibrary.setState({ inspected: inspected === m.id ? null : m.id })} data-testid="inspect">Inspect</button>
                  <button type="button" onClick={() => useModelLibrary.setState({ confirmRemove: m.id })} data-testid="remove" data-destructive>Remove</button>
                </td>
              </tr>,
              confirm === m.id && (
                <tr key={`${m.id}-confirm`} className="pw-confirm-row">
                  <td colSpan={7} role="alertdialog" aria-label={`Remove ${modelLabel(m)}?`}>
                    {isLoaded
                      ? <>{modelLabel(m)} is loaded: unload it first. <button type="button" onClick={() => useModelLibrary.setState({ confirmRemove: null })}>OK</button></>
                      : <>
                          Remove <strong>{m.name}</strong>{m.name !== m.id && ` (${m.id}.gguf)`}?{' '}
                          {m.splitParts
                            ? m.linked
                              ? `Only the ${m.splitParts} links go; the files they point to stay where they are.`
                              : `Its ${m.splitParts} files (${formatBytes(m.sizeBytes ?? 0)} in all) are deleted.`
                            : m.linked ? 'Only the link goes; the file it points to stays where it is.' : `The file (${formatBytes(m.sizeBytes ?? 0)}) is deleted.`}{' '}
                          <button type="button" className="pw-danger" onClick={() => void removeModel(m.id)} data-testid="confirm-remove">Remove</button>{' '}
                          <button type="button" onClick={() => useModelLibrary.setState({ confirmRemove: null })}>Keep it</button>
                        </>}
                  </td>
                </tr>
              ),
              inspected === m.id && (
                <tr key={`${m.id}-card`}>
                  <td colSpan={7}>{card ? <InspectCard model={m} card={card} machine={machine} /> : m.problem || inspectErrors[m.id] ? <span className="pw-field-error" role="alert" data-testid="inspect-error">{m.problem ?? inspectErrors[m.id]}</span> : <span className="pw-muted">Reading the file…</span>}</td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
      {/* Emptied once the model is in, unless another path was typed meanwhile: the import resolves
          only after the list and its cards are read again, and a path typed as the row appeared was
          wiped, leaving Import disabled (a 30 s timeout of model-library-limits under load). */}
      <form className="pw-row" onSubmit={(e) => { e.preventDefault(); const asked = importPath; void importModel(asked).then((imported) => imported && setImportPath((now) => (now === asked ? '' : now))); }}>
        <input aria-label="Import GGUF path" value={importPath} onChange={(e) => setImportPath(e.target.value)} placeholder="/path/to/model.gguf" />
        <button type="submit" disabled={!importPath.trim()}>Import</button>
      </form>
    </>
  );
}

/** The GGUF's facts in words, and the memory it needs at a context the user can change here. */
function InspectCard({ model, card, machine }: { model: ModelEntry; card: ModelInspection; machine: MachineInfo | null }) {
  const engine = useWorkbench((s) => s.engine);
  const { sequences } = estimateContext(model);
  // The card as last inspected: at the load settings' context, or at one typed below.
  const [shown, setShown] = useState(card);
  useEffect(() => setShown(card), [card]);
  const context = Math.round(shown.memory.contextSize / sequences);
  // The estimate follows the keys, so answers can cross: only the latest request's answer is shown.
  const latest = useRef(0);
  const [estimateError, setEstimateError] = useState<string | null>(null);
  const recompute = (perSeq: number) => {
    const ask = ++latest.current;
    void engine?.inspectModel({ id: model.id, contextSize: perSeq * sequences })
      .then((r) => {
        if (ask !== latest.current) return;
        setEstimateError(null);
        if (r.inspection) setShown(r.inspection);
      })
      .catch((error: unknown) => ask === latest.current && setEstimateError(`No estimate at ${perSeq.toLocaleString('en')} tokens: ${error instanceof Error ? error.message : String(error)}`));
  };
  const mem = shown.memory;
  return (
    <div className="pw-inspect-card" data-testid="inspect-card">
      <dl>
        <dt>Architecture</dt><dd data-testid="card-architecture">{shown.architecture}</dd>
        <dt>Parameters</dt><dd>{shown.parameters} ({shown.parameterCount.toLocaleString('en')})</dd>
        <dt>Quantisation</dt><dd>{shown.quantization}</dd>
        <dt>File</dt><dd>{formatBytes(shown.fileSize)}{shown.splitParts ? ` in ${shown.splitParts} files` : ''}{model.linked && (model.target ?? model.path) ? ` · linked from ${model.target ?? model.path}` : ''}</dd>
        <dt>Trained context</dt><dd data-testid="card-context">{shown.contextLength ? `${shown.contextLength.toLocaleString('en')} tokens` : 'not stated'}</dd>
        {shown.layers !== undefined && <><dt>Layers</dt><dd>{shown.layers}{shown.embeddingLength ? ` · embedding ${shown.embeddingLength}` : ''}{shown.headCount ? ` · ${shown.headCount} heads (${shown.headCountKv ?? shown.headCount} KV)` : ''}</dd></>}
        {shown.vocabSize !== undefined && <><dt>Vocabulary</dt><dd>{shown.vocabSize.toLocaleString('en')} tokens</dd></>}
        <dt>Memory</dt>
        <dd data-testid="card-memory">
          {formatBytes(mem.totalBytes)} at {context.toLocaleString('en')} tokens × {sequences} sequences = weights {formatBytes(mem.weightsBytes)} + KV cache {formatBytes(mem.kvCacheBytes)} (f16; compute buffers extra){' '}
          <FitBadge bytes={mem.totalBytes} machine={machine} />
        </dd>
      </dl>
      <div className="pw-grid2">
        <NumberField label="Context for the estimate (tokens per sequence)" integer min={1} max={LOCAL_LOAD_LIMITS.contextSize} value={context} onCommit={recompute} live />
      </div>
      {estimateError && <div className="pw-field-error" role="alert" data-testid="estimate-error">{estimateError}</div>}
      <details>
        <summary>Chat template{shown.chatTemplate ? ` (${shown.chatTemplate.length.toLocaleString('en')} characters)` : ': none in the file'}</summary>
        {shown.chatTemplate && <pre className="pw-template" data-testid="card-template">{shown.chatTemplate}</pre>}
      </details>
    </div>
  );
}
