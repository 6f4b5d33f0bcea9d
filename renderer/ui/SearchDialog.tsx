// Before a search starts: choose a preset (the CLI's `--preset`, from app/common/search.ts) or custom
// numbers, see how many model calls it can make and how long that takes at this backend's measured
// speed, then start it. The numbers chosen are kept in the settings, so the next Prove starts there.
import { useContext, useEffect, useRef, useState } from 'react';
import type { RunEstimate, RunEstimateRequest } from '../../app/common/contract';
import { SEARCH_PRESET_NAMES, SEARCH_PRESETS, type SearchParams } from '../../app/common/search';
import { describeSearch, estimateText, presetOf, shortEstimate } from '../state/search';
import { startProve, updateSettings, useWorkbench } from '../state/store';
import { Modal } from './Dialogs';
import { FieldDraftsContext } from './fieldDrafts';
import { NumberField } from './NumberField';

/** The engine's estimate for `request`, refreshed when it changes (null while it is asked). */
export function useRunEstimate(request: RunEstimateRequest | null): RunEstimate | null {
  const engine = useWorkbench((s) => s.engine);
  const backend = useWorkbench((s) => s.backend);
  const history = useWorkbench((s) => s.history);
  const [estimate, setEstimate] = useState<RunEstimate | null>(null);
  const key = JSON.stringify(request);
  useEffect(() => {
    if (!engine || !request) return;
    let live = true;
    engine.estimateRun(request).then((e) => live && setEstimate(e)).catch(() => live && setEstimate(null));
    return () => {
      live = false;
    };
    // The speed changes as runs finish (history) and with the backend.
  }, [engine, key, backend?.spec, backend?.state, history]);
  return estimate;
}

const close = () => useWorkbench.setState({ dialog: null });

export function SearchDialog() {
  const settings = useWorkbench((s) => s.settings);
  const engine = useWorkbench((s) => s.engine);
  const [params, setParams] = useState<SearchParams>(() => ({ ...(settings?.prove ?? SEARCH_PRESETS.quick) }));
  // The numbers as last chosen, read by Start search: fields committed just before it (settleAll) are
  // in here already, not yet in `params`, which only the next render has.
  const chosen = useRef(params);
  const touched = useRef(false);
  // The engine's settings are the truth (another window or a script may have changed them since),
  // unless the user has already chosen something here.
  useEffect(() => {
    void engine?.getSettings().then((s) => {
      if (touched.current) return;
      chosen.current = { ...s.prove };
      setParams(chosen.current);
    }).catch(() => undefined);
  }, [engine]);
  const estimate = useRunEstimate({ kind: 'prove', ...params });
  const preset = presetOf(params);
  const choose = (next: SearchParams) => {
    touched.current = true;
    chosen.current = next;
    setParams(next);
  };
  const set = (patch: Partial<SearchParams>) => choose({ ...chosen.current, ...patch });
  const start = async () => {
    const search = chosen.current;
    close();
    // Kept as the new default, like the CLI's flags are not: the app remembers the last search.
    await updateSettings({ prove: search });
    await startProve(search);
  };
  return (
    <Modal title="Prove: search for a proof" onClose={close} testId="prove-dialog">
      <div className="pw-row" role="radiogroup" aria-label="Search preset">
        {SEARCH_PRESET_NAMES.map((name) => (
          <label key={name} title={describeSearch(SEARCH_PRESETS[name])}>
            <input type="radio" name="preset" checked={preset === name} onChange={() => choose({ ...SEARCH_PRESETS[name] })} data-testid={`preset-${name}`} /> {name}
            <span className="pw-muted"> ({describeSearch(SEARCH_PRESETS[name])})</span>
          </label>
        ))}
        <label><input type="radio" name="preset" checked={preset === 'custom'} readOnly disabled={preset !== 'custom'} /> custom</label>
      </div>
      <div className="pw-grid2">
        <NumberField label="Candidates (n)" integer min={1} max={1024} value={params.candidates} onCommit={(v) => set({ candidates: v })} />
        <NumberField label="Verifications per candidate (m)" integer min={1} max={1024} value={params.samples} onCommit={(v) => set({ samples: v })} />
        <NumberField label="Refinement rounds (T)" integer min={0} max={64} value={params.rounds} onCommit={(v) => set({ rounds: v })} />
        <NumberField label="Refined per round (k)" integer min={1} max={1024} value={params.topK} onCommit={(v) => set({ topK: v })} />
      </div>
      <p data-testid="prove-estimate" aria-live="polite">{estimate ? estimateText(estimate) : 'Estimating…'}</p>
      <div className="pw-row">
        <StartSearchButton onStart={() => void start()} />
        <button type="button" onClick={close}>Cancel</button>
      </div>
    </Modal>
  );
}

/**
 * Start search, inside the dialog's fields' context: the numbers typed are committed first, and with one
 * the search cannot take, nothing starts and that field gets focus (the search ran with the number in
 * use before, 2 rounds where the field said 100, its error message showing).
 */
function StartSearchButton({ onStart }: { onStart: () => void }) {
  const drafts = useContext(FieldDraftsContext);
  return (
    <button type="button" className="pw-primary" onClick={() => (drafts?.settleAll() ?? true) && onStart()} data-testid="prove-start">
      Start search
    </button>
  );
}

/** Beside the Verify button: the calls a verification makes and its time at the measured speed (full line in the title). */
export function VerifyEstimate() {
  const verify = useWorkbench((s) => s.settings?.verify);
  const estimate = useRunEstimate(verify ? { kind: 'verify', samples: verify.samples, meta: verify.meta, extract: verify.extract } : null);
  if (!estimate) return null;
  return <span className="pw-muted pw-estimate" data-testid="verify-estimate" title={`Verify: ${estimateText(estimate)}`}>{shortEstimate(estimate)}</span>;
}
