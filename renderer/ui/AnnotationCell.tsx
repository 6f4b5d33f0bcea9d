// The findings beside one preview block: per step, the consensus bar, findings grouped by severity,
// the checker's findings, and actions (jump, dismiss, resolve, refine this step).
import { useMemo, useState } from 'react';
import { QUOTE_NOT_FOUND_WORDING, type Annotation } from '../../app/common/annotations';
import { literalIdentifierUnderscores } from '../../app/common/finding-markdown';
import { confirmedWording, failedMetaCalls, isMetaVerified } from '../../app/common/results';
import { flaggedWording, type SampleVerdicts } from '../../app/common/run-status';
import { editorBridge } from '../editor/bridge';
import { findingQuoteSegments, inlineMathSegments, type InlineSegment } from '../../app/common/tex/inline-math';
import { inlineMathNodes } from '../preview/inlineMath';
import { renderBlock } from '../preview/renderBlock';
import { anchorOf, clusterFindings, describeCluster, SEVERITY_LABEL, type FindingCluster, type StepFindings } from '../state/annotationsView';
import { dismissAnnotation, startRefine, toggleResolved, useWorkbench } from '../state/store';
import { PreviewContent } from './PreviewNodes';

/**
 * `samples`: the run's verifier samples and how many gave a verdict (verifierSamples): one cell per
 * verdict, the count over the verdicts (flaggedWording). `metaFailed`: the run's meta-verify calls
 * that gave no verdict (failedMetaCalls), said when none did.
 */
export function ConsensusBar({ flags, confirmed, samples, metaVerified = true, metaFailed = 0 }: { flags: number; confirmed: number; samples: SampleVerdicts; metaVerified?: boolean; metaFailed?: number }) {
  const cells = Array.from({ length: Math.max(samples.verdicts, flags) }, (_, i) => (i < confirmed ? 'confirmed' : i < flags ? 'flagged' : 'clean'));
  // "0 confirmed" would read as "the meta-verifier disputed them" when it never ran (the reports' wording).
  const text = `${flaggedWording(flags, samples)}, ${confirmedWording(confirmed, metaVerified, metaFailed)}`;
  return (
    <div className="pw-consensus" role="img" aria-label={text} title={text} data-testid="consensus">
      <div className="pw-consensus-cells">
        {cells.slice(0, 64).map((c, i) => <span key={i} className={`pw-cell pw-cell-${c}`} />)}
      </div>
      <span className="pw-consensus-text">{text}</span>
    </div>
  );
}

/**
 * Model text with its math rendered (KaTeX, trust: false); everything else stays React text. Identifiers'
 * underscores (`window.__x`, `__init__`) are shown as written, as in the report (app/common/finding-markdown.ts).
 */
export function RichText({ text }: { text: string }) {
  const macros = useWorkbench((s) => s.macros);
  const nodes = useMemo(() => renderBlock(literalIdentifierUnderscores(text), 'paragraph', macros).nodes, [text, macros]);
  return <span className="pw-rich"><PreviewContent nodes={nodes} /></span>;
}

/**
 * A short text cut by app/common/tex/inline-math.ts (a checker message, a quote): its inline math typeset
 * (KaTeX, trust: false), code spans as code, the rest as React text. The report shows the same cut.
 */
export function MathText({ segments, className }: { segments: InlineSegment[]; className?: string }) {
  const macros = useWorkbench((s) => s.macros);
  const nodes = useMemo(() => inlineMathNodes(segments, macros), [segments, macros]);
  return <span className={className}><PreviewContent nodes={nodes} /></span>;
}

/** A finding's message with its `$…$` / `\(…\)` math typeset (the checker writes its formulas so). */
export function MessageText({ message, className }: { message: string; className?: string }) {
  const segments = useMemo(() => inlineMathSegments(message), [message]);
  return <MathText segments={segments} className={className} />;
}

/** A quote longer than this many characters or lines is shown clipped until the user asks for all of it. */
const QUOTE_CHARS = 200;
const QUOTE_LINES = 4;

/**
 * The start of `quote` that a finding card shows (with "…"), or null when the whole quote is short enough:
 * a finding about a 200-deep formula would otherwise quote all of it, a card taller than the screen.
 */
export function clipQuote(quote: string): string | null {
  const lines = quote.split('\n');
  let shown = lines.length > QUOTE_LINES ? lines.slice(0, QUOTE_LINES).join('\n') : quote;
  if (shown.length > QUOTE_CHARS) shown = shown.slice(0, QUOTE_CHARS);
  return shown === quote ? null : `${shown.trimEnd()}…`;
}

/**
 * The quoted source of a finding, clipped (full text in the tooltip and behind "Show all"); its math
 * typeset (the whole quote for a computation finding, which quotes the inside of a formula).
 */
function FindingQuote({ finding }: { finding: Annotation & { quote: string } }) {
  const { quote } = finding;
  const [open, setOpen] = useState(false);
  const format = useWorkbench((s) => s.doc?.format ?? 'markdown');
  const clipped = useMemo(() => clipQuote(quote), [quote]);
  const shown = open || clipped === null ? quote : clipped;
  const segments = useMemo(() => findingQuoteSegments(finding, shown, format, shown !== quote), [finding, shown, quote, format]);
  if (clipped === null) return <blockquote className="pw-finding-quote"><MathText segments={segments} /></blockquote>;
  return (
    <blockquote className="pw-finding-quote" title={open ? undefined : quote.slice(0, 4000)} data-clipped={!open}>
      {/* Clipped, it also stops at QUOTE_LINES lines as laid out: a formula without spaces wraps in the narrow column. */}
      <MathText segments={segments} className={open ? undefined : 'pw-quote-clipped'} />
      <button type="button" className="pw-quote-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Show less' : `Show all ${quote.length} characters`}
      </button>
    </blockquote>
  );
}

/**
 * React keys for a list of finding cards. The checker's ids once carried offsets (`check:lint:code:120`;
 * now they say what a finding is about, `contentIds` in app/check/annotations.ts), so
 * every key typed above a checker finding gave it a new id: keyed by id, its card was unmounted and
 * mounted again (buttons and all) on each keystroke's answer (issue 11). Checker findings are keyed by
 * what they say instead (with a counter for repeats); the verifier's ids do not move.
 */
export function findingKeys(clusters: readonly FindingCluster[]): string[] {
  const seen = new Map<string, number>();
  return clusters.map(({ lead: a }) => {
    const base = a.provenance.source === 'checker' ? `checker\u0000${a.severity}\u0000${a.message}\u0000${a.quote ?? ''}` : a.id;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}\u0000${n}`;
  });
}

/**
 * The cards of `annotations`, one per cluster, keyed by findingKeys. `staleSaid`: the card around them
 * says "stale" in its header already, so the findings do not say it again (the reviewer read STALE twice).
 */
function FindingList({ annotations, samples, staleSaid = false }: { annotations: Annotation[]; samples?: SampleVerdicts; staleSaid?: boolean }) {
  const clusters = clusterFindings(annotations);
  const keys = findingKeys(clusters);
  return <ul>{clusters.map((c, i) => <FindingItem key={keys[i]} cluster={c} samples={samples} staleSaid={staleSaid} />)}</ul>;
}

function FindingItem({ cluster, samples, staleSaid }: { cluster: FindingCluster; samples?: SampleVerdicts; staleSaid: boolean }) {
  const a = cluster.lead;
  const ids = cluster.members.map((m) => m.id);
  const resolved = useWorkbench((s) => ids.every((id) => s.resolved.has(id)));
  // The card may be kept while the engine moves the finding's offsets (edits above it): the jump reads
  // the finding and the document as they are now.
  const jump = () => {
    const { doc, annotations, checkerAnnotations } = useWorkbench.getState();
    const current = annotations.find((x) => x.id === a.id) ?? checkerAnnotations.find((x) => x.id === a.id) ?? a;
    const anchor = anchorOf(current, doc);
    if (anchor) editorBridge()?.reveal(anchor);
  };
  return (
    <li className={`pw-finding pw-sev-${a.severity}${a.stale ? ' pw-stale' : ''}${resolved ? ' pw-resolved' : ''}`} data-testid="finding">
      <div className="pw-finding-message">
        {a.stale && !staleSaid && <span className="pw-tag">stale</span>}
        {cluster.members.length > 1 && <span className="pw-tag pw-times" title="stated by this many samples">×{cluster.members.length}</span>}
        {/* The checker's messages are text with its formulas as `$…$` and quoted TeX in backticks ("`\[` is
            never closed by `\]`"): only the formulas are typeset. Model findings are Markdown with math. */}
        {a.provenance.source === 'checker' ? <MessageText message={a.message} className="pw-plain" /> : <RichText text={a.message} />}
      </div>
      {/* A quote the proof does not hold is the model's words, not the proof's: said before it is shown. */}
      {a.quote && a.quoteNotFound && <div className="pw-quote-caption">{QUOTE_NOT_FOUND_WORDING}</div>}
      {a.quote && <FindingQuote finding={a as Annotation & { quote: string }} />}
      <div className="pw-finding-meta">{describeCluster(cluster, samples)}</div>
      <div className="pw-finding-actions">
        {/* A finding about the whole proof (no step, no range) has nowhere to jump to. */}
        {(a.range || a.stepId) && <button type="button" onClick={jump} aria-label="Jump to source">Jump</button>}
        <button type="button" onClick={() => ids.forEach((id) => toggleResolved(id, !resolved))} aria-pressed={resolved}>{resolved ? 'Unresolve' : 'Resolve'}</button>
        <button type="button" onClick={() => ids.forEach(dismissAnnotation)} aria-label="Dismiss this finding">Dismiss</button>
      </div>
    </li>
  );
}

export function StepCard({ findings, samples, current }: { findings: StepFindings; samples: SampleVerdicts; current: boolean }) {
  const { step } = findings;
  // Meta-verification ran when any sample of the shown run carries its verdict.
  const metaVerified = useWorkbench((s) => !s.verify || isMetaVerified(s.verify));
  const metaFailed = useWorkbench((s) => failedMetaCalls(s.verify));
  return (
    <section
      className={`pw-step-card${current ? ' pw-current' : ''}${findings.stale ? ' pw-stale' : ''}${findings.worst ? ` pw-worst-${findings.worst}` : ''}`}
      aria-label={`Findings for step ${step.label}`}
      data-step-id={step.id}
      data-testid="step-card"
    >
      <header className="pw-step-card-header">
        <span className="pw-step-label">{step.label}</span>
        {findings.stale && <span className="pw-tag">stale</span>}
        {/* Before any verification a card holds only the checker's findings: "0 of 0 flagged" says nothing. */}
        {(samples.requested > 0 || findings.flags > 0) && <ConsensusBar flags={findings.flags} confirmed={findings.confirmed} samples={samples} metaVerified={metaVerified} metaFailed={metaFailed} />}
      </header>
      {findings.bySeverity.map((group) => (
        <div key={group.severity} className={`pw-sev-group pw-sev-${group.severity}`}>
          <h4>{SEVERITY_LABEL[group.severity]} <span className="pw-count">{group.annotations.length}</span></h4>
          <FindingList annotations={group.annotations} samples={samples} staleSaid={findings.stale} />
        </div>
      ))}
      {findings.checker.length > 0 && (
        <div className="pw-sev-group pw-checker">
          <h4>Checker <span className="pw-count">{findings.checker.length}</span></h4>
          <FindingList annotations={findings.checker} />
        </div>
      )}
      <div className="pw-step-actions">
        <button type="button" onClick={() => {
          // The step's range now (the card is kept while edits above it only move its offsets).
          const start = (useWorkbench.getState().doc?.steps.find((s) => s.id === step.id) ?? step).range.start;
          editorBridge()?.reveal({ start, end: start });
        }}>Jump to {step.label}</button>
        <button type="button" onClick={() => void startRefine(step.id)} title="Ask for a refinement that repairs this step, guided by the findings on it" data-testid="refine-step">Refine this step</button>
      </div>
    </section>
  );
}

export function DocumentFindings({ annotations, samples }: { annotations: Annotation[]; samples?: SampleVerdicts }) {
  if (annotations.length === 0) return null;
  const stale = annotations.every((a) => a.stale);
  return (
    <section className={`pw-step-card pw-document-findings${stale ? ' pw-stale' : ''}`} aria-label="Findings about the whole proof">
      <header className="pw-step-card-header">
        <span className="pw-step-label">Whole proof</span>
        {/* Findings whose step is gone land here: said to be about an earlier text, not this one. */}
        {stale && <span className="pw-tag" title="About text that has changed since it was verified">stale</span>}
      </header>
      <FindingList annotations={annotations} samples={samples} staleSaid={stale} />
    </section>
  );
}
