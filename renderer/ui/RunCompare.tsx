// Two verify runs of this proof side by side (different models or settings): per step, the share of
// each run's samples that flagged it, and whether the runs agree. The comparison itself is the pure
// app/common/compare, the same one `proofwright runs compare` prints.
import { useState } from 'react';
import { AGREEMENT_RULE, compareRuns, unmatchedWording, type RunComparison } from '../../app/common/compare';
import { missingVerdictsWording, type SampleVerdicts } from '../../app/common/run-status';
import { formatScore, notify, useWorkbench } from '../state/store';

const pct = (rate: number) => `${Math.round(rate * 100)}%`;
/** The flag shares are over a run's verdicts: a run some of whose samples gave none says so. */
const verdicts = (s: SampleVerdicts) => { const missing = missingVerdictsWording(s); return missing ? `, ${missing}` : ''; };

/** "selection S2–S3, " before a score that is a selection's; nothing for a whole-proof run. */
const scope = (words: string | null) => (words ? `${words}, ` : '');

async function loadComparison(runA: string, runB: string): Promise<RunComparison | null> {
  const engine = useWorkbench.getState().engine;
  if (!engine) return null;
  const [a, b] = await Promise.all([engine.loadRun({ runId: runA }), engine.loadRun({ runId: runB })]);
  if (!a.verify || !b.verify) {
    notify('Only two finished verify runs can be compared.', 'error');
    return null;
  }
  return compareRuns(a.verify, b.verify, { selectionA: !!a.summary.selection, selectionB: !!b.summary.selection });
}

function FlagBar({ rate }: { rate: number }) {
  return (
    <span className="pw-compare-bar" aria-hidden="true">
      <span style={{ width: pct(rate) }} />
    </span>
  );
}

export function RunComparisonTable({ comparison, models }: { comparison: RunComparison; models: [string, string] }) {
  const unmatched = unmatchedWording(comparison);
  return (
    <div className="pw-compare" data-testid="run-compare">
      <p>
        A: {models[0]} ({scope(comparison.scopeA)}score {formatScore(comparison.scoreA)}{verdicts(comparison.samplesA)}) · B: {models[1]} ({scope(comparison.scopeB)}score {formatScore(comparison.scoreB)}{verdicts(comparison.samplesB)}) · agreement on{' '}
        {comparison.steps.length} step{comparison.steps.length === 1 ? '' : 's'}: <strong data-testid="compare-agreement" title={AGREEMENT_RULE}>{comparison.agreement === null ? '—' : pct(comparison.agreement)}</strong> ({AGREEMENT_RULE})
        {unmatched && ` · ${unmatched}`}
      </p>
      <table className="pw-table">
        <thead>
          <tr><th>step</th><th>A flagged</th><th>B flagged</th><th /></tr>
        </thead>
        <tbody>
          {comparison.steps.map((s) => (
            <tr key={s.id} className={s.agree ? '' : 'pw-disagree'} data-step={s.label}>
              <td>{s.label}</td>
              <td><FlagBar rate={s.rateA} /> {pct(s.rateA)}</td>
              <td><FlagBar rate={s.rateB} /> {pct(s.rateB)}</td>
              <td>{s.agree ? '' : 'disagree'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Selection of two runs from the history and their comparison. */
export function useRunComparison() {
  const [selected, setSelected] = useState<string[]>([]);
  const [comparison, setComparison] = useState<RunComparison | null>(null);
  const toggle = (runId: string) => {
    setComparison(null);
    setSelected((current) => (current.includes(runId) ? current.filter((id) => id !== runId) : [...current, runId].slice(-2)));
  };
  const compare = async () => {
    if (selected.length !== 2) return;
    const result = await loadComparison(selected[0], selected[1]).catch((error: unknown) => {
      notify(`Could not compare the runs: ${error instanceof Error ? error.message : String(error)}`, 'error');
      return null;
    });
    setComparison(result);
  };
  return { selected, toggle, compare, comparison };
}
