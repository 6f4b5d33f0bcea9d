// A run's record, readable in the app (History › Record): each model call with its role, outcome,
// the reason it failed or gave no verdict, and the model's answer as plain text (untrusted: never HTML).
import { useEffect, useState } from 'react';
import type { RunCall } from '../../app/common/contract';
import { useWorkbench } from '../state/store';
import { Modal } from './Dialogs';

const close = () => useWorkbench.setState({ dialog: null, recordRunId: undefined });

export function RunRecordDialog() {
  const engine = useWorkbench((s) => s.engine);
  const runId = useWorkbench((s) => s.recordRunId);
  const [calls, setCalls] = useState<RunCall[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!engine || !runId) return;
    engine.runRecord({ runId }).then(setCalls).catch((e: Error) => setError(e.message));
  }, [engine, runId]);
  return (
    <Modal title={`Run record ${runId ?? ''}`} onClose={close} testId="run-record">
      {error && <p className="pw-error-text">{error}</p>}
      {!error && calls === null && <p className="pw-muted">Loading…</p>}
      {calls?.length === 0 && <p className="pw-muted">This run made no model calls.</p>}
      <ol className="pw-record">
        {calls?.map((c) => (
          <li key={c.callId} data-testid="record-call">
            <details>
              <summary>
                {c.role}{c.candidateId ? ` ${c.candidateId}` : ''}{c.sample !== undefined ? ` sample ${c.sample + 1}` : ''} · {c.status}
                {c.finishReason && c.finishReason !== 'stop' ? ` (${c.finishReason})` : ''}
                {c.error ? <span className="pw-error-text"> · {c.error}</span> : null}
              </summary>
              <pre className="pw-stream-text">{c.text || '(no text)'}{c.truncated ? '\n… (cut here; the full answer is in the record file)' : ''}</pre>
            </details>
          </li>
        ))}
      </ol>
    </Modal>
  );
}
