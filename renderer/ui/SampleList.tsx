// Each verifier sample of a run, openable and readable in full (as the Lean infoview lets one read a
// goal): its verdict or why it has none, its analysis, and the meta-verifier's analysis of it. Model
// output is shown as text only, never as HTML.
import { reasonInWords } from '../../app/common/noVerdict';
import type { VerificationSample } from '../../app/common/results';
import { formatScore } from '../state/store';

/** "score 1", "score ½ · meta 1", or "no verdict: <why>" for one sample. */
export function sampleVerdict(sample: VerificationSample): string {
  if (sample.status !== 'parsed' || sample.score === null) return `no verdict: ${reasonInWords(sample.reason)}`;
  const meta = sample.meta ? (sample.meta.score === null ? ' · meta: no verdict' : ` · meta ${formatScore(sample.meta.score)}`) : '';
  const findings = sample.annotations.length ? ` · ${sample.annotations.length} finding${sample.annotations.length === 1 ? '' : 's'}` : '';
  return `score ${formatScore(sample.score)}${meta}${findings}`;
}

export function SampleList({ samples }: { samples: readonly VerificationSample[] }) {
  if (samples.length === 0) return null;
  return (
    <div className="pw-samples" data-testid="samples">
      <div className="pw-samples-title">Samples</div>
      {samples.map((s) => (
        <details key={s.index} className="pw-sample" data-testid="sample">
          <summary>
            Sample {s.index + 1} · <span className={s.status === 'parsed' && s.score !== null ? '' : 'pw-error-text'}>{sampleVerdict(s)}</span>
          </summary>
          <div className="pw-sample-label">Verifier analysis</div>
          <pre className="pw-sample-text" data-testid="sample-analysis">{s.analysis || '(the answer was empty)'}</pre>
          {s.meta && (
            <>
              <div className="pw-sample-label">Meta-verification</div>
              <pre className="pw-sample-text">{s.meta.analysis || '(no analysis)'}</pre>
            </>
          )}
        </details>
      ))}
    </div>
  );
}
