// Findings → annotations (DESIGN.md §3): a step label the model cited, else the quote it gave located
// in the source, else a document-level annotation (stepId null: shown, never dropped).
import type { Annotation, Finding, MappedBy, Provenance } from '../common/annotations';
import type { ProofDocument, Step } from '../common/proof';
import type { SourceRange } from '../common/text';
import { mathFragments } from '../common/tex/math';
import { QuoteIndex } from './quote';

/** `S3`, `[S3]`, `(S3)`, `S 3`, `Step 3`, `step-3`, `3` → 3. */
export function labelNumber(label: string): number | null {
  const m = /^\s*[[(]?\s*(?:s(?:tep)?\s*[-.#]?\s*)?(\d+)\s*[\])]?/i.exec(label);
  return m ? Number(m[1]) : null;
}

export function stepForLabel(doc: ProofDocument, label: string | undefined): Step | undefined {
  if (!label) return undefined;
  const n = labelNumber(label);
  return n !== null && n >= 1 ? doc.steps[n - 1] : undefined;
}

function stepHolding(doc: ProofDocument, range: SourceRange): Step | undefined {
  return doc.steps.find((s) => s.range.start <= range.start && range.start < s.range.end);
}

/** Deterministic annotation id: reloading a run (same provenance, same finding order) gives the same ids. */
export function annotationId(provenance: Provenance, index: number): string {
  const which = provenance.sample ?? provenance.callId ?? 0;
  return `${provenance.runId ?? 'local'}:${provenance.source}:${which}:${index}`;
}

export interface PlaceOptions {
  /** The findings came from the JSON extraction pass: placed ones are marked `mappedBy: 'extraction'`. */
  extracted?: boolean;
  /** Added to each finding's index in the id (when one call's findings are placed in several batches). */
  indexOffset?: number;
}

/**
 * One QuoteIndex per document object: the m samples of a verification place their findings in the
 * same document, and normalising its text once per sample was most of the placement's cost at m = 64
 * (bench/search.bench.ts). Documents are values (a changed text is a new ProofDocument), and the
 * WeakMap lets an index go with its document.
 */
const quoteIndexes = new WeakMap<ProofDocument, QuoteIndex>();
function quoteIndexOf(doc: ProofDocument): QuoteIndex {
  let index = quoteIndexes.get(doc);
  if (!index || index.source !== doc.text) {
    index = new QuoteIndex(doc.text);
    quoteIndexes.set(doc, index);
  }
  return index;
}

/**
 * A quote found in the source beats the label (labels are the model's guess, quotes are checked
 * against the text): the label's step is searched first, then the whole body.
 */
export function placeFindings(findings: Finding[], doc: ProofDocument, provenance: Provenance, options: PlaceOptions = {}): Annotation[] {
  const index = quoteIndexOf(doc);
  return findings.map((finding, i) => {
    const labelled = stepForLabel(doc, finding.stepLabel);
    let step = labelled;
    let range: SourceRange | null = null;
    let mappedBy: MappedBy = labelled ? 'label' : 'none';
    const quote = finding.quote?.trim();
    if (quote) {
      range = (labelled && index.locate(quote, labelled.range)) || index.locate(quote, doc.body);
      if (range && (!labelled || range.start < labelled.range.start || range.end > labelled.range.end)) {
        step = stepHolding(doc, range) ?? labelled;
        if (step !== labelled) mappedBy = 'quote';
      }
    }
    if (step && options.extracted) mappedBy = 'extraction';
    const annotation: Annotation = {
      id: annotationId(provenance, i + (options.indexOffset ?? 0)),
      stepId: step?.id ?? null,
      severity: finding.severity,
      message: finding.message,
      mappedBy: step ? mappedBy : 'none',
      provenance: { ...provenance },
    };
    if (range) annotation.range = range;
    if (quote) annotation.quote = quote;
    if (quote && !range) annotation.quoteNotFound = true;
    return annotation;
  });
}

/** The released verifier template's opening line, said before every analysis: not worth the space. */
const ANALYSIS_PREAMBLE = /^\s*Here is my evaluation of the solution:\s*/i;
/** How much of an analysis the document-level line quotes (characters, before the ellipsis). */
export const UNPLACED_EXCERPT_CHARS = 300;

/**
 * The document-level annotation for a verifier sample that scored the proof below 1 but whose analysis
 * gave no finding (none read, or none from the extraction pass): the verdict says there is a defect,
 * so it is shown and never dropped (DESIGN.md §3), instead of "No problems" beside a 0.5. Severity
 * follows the score (0 critical, ½ gap); the message quotes the analysis (spaces collapsed, at most
 * UNPLACED_EXCERPT_CHARS) so the user reads what the sample said. The id is the sample's first
 * finding's (the sample has none other), so a resumed run gives the same id.
 */
export function unplacedVerdict(score: number, analysis: string, provenance: Provenance): Annotation {
  const text = analysis.replace(ANALYSIS_PREAMBLE, '').replace(/\s+/g, ' ').trim();
  // Cut before a formula the limit falls inside: half a `$$…` is shown as raw TeX where the rest is typeset (rev20 F6).
  let cut = UNPLACED_EXCERPT_CHARS;
  if (text.length > cut) for (const f of mathFragments(text)) if (f.range.start < cut && f.range.end > cut) cut = f.range.start;
  const excerpt = text.length > UNPLACED_EXCERPT_CHARS ? `${text.slice(0, cut).trimEnd()}…` : text;
  const said = excerpt ? `: “${excerpt}”` : '; its analysis is empty.';
  return {
    id: annotationId(provenance, 0),
    stepId: null,
    severity: score === 0 ? 'critical' : 'gap',
    // Not "defect": the analysis may say it found none ("Findings: none" with a 0.5; rev20 F1). Short before the quote: the Problems row and the CLI's line (160 characters) show its start.
    message: `Scored ${score}, no finding placed on a step${said}`,
    mappedBy: 'none',
    provenance: { ...provenance },
  };
}
