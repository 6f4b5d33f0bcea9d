// The pool of a search as it grows: each candidate ("×4" when several calls gave its proof), its round, parent, mean verifier score, the verdicts
// it rests on and self-evaluation score, best first by the search's own rank (app/common/ranking.ts); any candidate opens as a preview or as a diff against the
// current proof (the same review as a refinement's).
import { useMemo, useState } from 'react';
import { PreviewRenderer } from '../preview/incremental';
import { producedMark, producedWords } from '../../app/common/ranking';
import { verdictsLabel, type CandidateRow } from '../state/runs';
import { formatScore, openReview, useWorkbench } from '../state/store';
import { Modal } from './Dialogs';
import { PreviewContent } from './PreviewNodes';
import { SearchPlot } from './SearchPlot';

function CandidatePreview({ candidate, onClose }: { candidate: CandidateRow; onClose: () => void }) {
  const macros = useWorkbench((s) => s.macros);
  const renderer = useMemo(() => new PreviewRenderer(), []);
  // Model output, shown through the same safe preview as the editor's (never raw HTML).
  const rendered = useMemo(() => renderer.update(candidate.proof ?? '', macros), [renderer, candidate.proof, macros]);
  return (
    <Modal title={`Candidate ${candidate.id} (round ${candidate.round}, mean ${formatScore(candidate.meanScore)})`} onClose={onClose} testId="candidate-preview">
      <div className="pw-candidate-preview">
        {rendered.blocks.map((b) => <div key={b.key}><PreviewContent nodes={b.rendered.nodes} /></div>)}
      </div>
    </Modal>
  );
}

export function SearchPool({ candidates, runId }: { candidates: CandidateRow[]; runId: string }) {
  const [previewing, setPreviewing] = useState<CandidateRow | null>(null);
  const diff = (c: CandidateRow) =>
    openReview({ title: `Candidate ${c.id} (round ${c.round}, mean ${formatScore(c.meanScore)})`, original: useWorkbench.getState().text, proposed: c.proof ?? '', runId });
  return (
    <div className="pw-run-candidates" data-testid="search-pool">
      <SearchPlot candidates={candidates} />
      <table className="pw-table">
        <thead><tr><th>candidate</th><th>round</th><th>parent</th><th>mean score</th><th>verdicts</th><th>self-score</th><th /></tr></thead>
        <tbody>
          {candidates.map((c) => (
            <tr key={c.id} data-testid="pool-row" data-candidate={c.id}>
              <td>
                {c.id}
                {/* A proof several calls of its round gave: one row, verified once ("×4"). */}
                {producedMark(c) && <span className="pw-produced" title={producedWords(c)} data-testid="pool-produced"> {producedMark(c)}</span>}
              </td>
              <td>{c.round}</td>
              <td>{c.parentId ?? '—'}</td>
              <td>{formatScore(c.meanScore)}</td>
              <td data-testid="pool-verdicts">{verdictsLabel(c)}</td>
              <td>{formatScore(c.selfScore)}</td>
              <td>
                <div className="pw-pool-actions">
                  <button type="button" disabled={!c.proof} onClick={() => setPreviewing(c)} data-testid="candidate-preview-open">Preview</button>
                  <button type="button" disabled={!c.proof} onClick={() => diff(c)} data-testid="candidate-diff">Diff</button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {previewing && <CandidatePreview candidate={previewing} onClose={() => setPreviewing(null)} />}
    </div>
  );
}
