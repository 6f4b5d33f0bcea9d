// Damage is reported, not hidden (issue 14): what the engine found wrong in the user's state files at
// start (a bad settings field, a recent list or recovery copy moved aside: engineInfo.warnings) is a
// banner until dismissed, and run records that cannot be read are listed under the run history as
// damaged, with the reason, instead of silently missing. The messages are the engine's, shown as text.
import { useEffect, useState } from 'react';
import { useWorkbench } from '../state/store';

/** The engine's start-up warnings, each with the file and what was done about it; dismissible. */
export function EngineWarnings() {
  const warnings = useWorkbench((s) => s.engineInfo?.warnings) ?? [];
  // Dismissed per message text, so a warning from a restarted engine that is new still shows.
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = warnings.filter((w) => !dismissed.has(w));
  if (shown.length === 0) return null;
  return (
    <div className="pw-damage-banner" role="alert" data-testid="engine-warnings">
      <strong>Some of your saved state was damaged:</strong>
      <ul>
        {shown.map((w) => <li key={w}>{w}</li>)}
      </ul>
      <button type="button" onClick={() => setDismissed(new Set([...dismissed, ...shown]))}>Dismiss</button>
    </div>
  );
}

interface DamagedRun {
  runId: string;
  reason: string;
}

/**
 * The workspace's run records that could not be read, as rows marked "damaged" with the reason (they
 * cannot be opened). Asked again whenever the history is refreshed.
 */
export function DamagedRuns() {
  const engine = useWorkbench((s) => s.engine);
  const history = useWorkbench((s) => s.history);
  const [damaged, setDamaged] = useState<DamagedRun[]>([]);
  useEffect(() => {
    if (!engine) return;
    let live = true;
    engine.damagedRuns().then((list) => live && setDamaged(list), () => live && setDamaged([]));
    return () => {
      live = false;
    };
  }, [engine, history]);
  if (damaged.length === 0) return null;
  return (
    <table className="pw-table pw-history pw-damaged-runs" data-testid="damaged-runs">
      <caption>Run records in this workspace that could not be read (the files are left as they are)</caption>
      <thead><tr><th>run</th><th>status</th><th>reason</th></tr></thead>
      <tbody>
        {damaged.map((r) => (
          <tr key={r.runId}>
            <td>{r.runId}</td>
            <td className="pw-damaged">damaged</td>
            <td>{r.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
