// The self-contained HTML report: a summary table and, per proof, the rendered proof with the findings
// beside each step — the app's annotation column, readable offline and printable. Shared by the CLI
// (`verify --report`) and the app's export. Everything from a proof or a model is escaped or rendered
// through the safe Markdown/KaTeX path; a CSP meta tag forbids scripts as a second line of defence.
import { shieldPrivateUse } from '../common/tex/private-use';
import { clusterFindings, describeCluster, isCheckerFinding, QUOTE_NOT_FOUND_WORDING, type Annotation, type FindingCluster, type Severity } from '../common/annotations';
import type { DocumentFormat, MathFragment, ProofDocument, Step } from '../common/proof';
import { confirmedWording, failedMetaCalls, isMetaVerified, type StepConsensus, type VerifyResult } from '../common/results';
import { flaggedWording, sampleVerdictsOf, verdictShare, type SampleVerdicts } from '../common/run-status';
import { placeOnText, stepsStillRead, verifiedEarlierText } from '../common/staleness';
import { splitBlocks } from '../common/blocks';
import { literalIdentifierUnderscores } from '../common/finding-markdown';
import { dedentLines, listIndentColumns, ListNesting, MAX_INDENTED_LIST_LEVELS, type ListPlace } from '../common/lists';
import { findingQuoteSegments, inlineMathSegments } from '../common/tex/inline-math';
import { mathFragments } from '../common/tex/math';
import { ENVIRONMENT_LINE_RE, latexHeadingToMarkdown, latexItemToMarkdown, textEnvironmentLines } from '../common/tex/text-mode';
import { collectMacros, type MacroTable } from '../common/tex/macros';
import { DocumentNumbering, fragmentEquations, documentNumbers, theoremNumberOf } from '../common/tex/numbering';
import { reasonInWords } from '../common/noVerdict';
import type { GradingInput } from '../prompts/build';
import { scoreHistogramFigure } from './charts';
import { inlinedKatexCss } from './katexCss';
import { escapeHtml } from '../common/html-escape';
import { KatexAllowance, renderInlineSegments, renderMarkdownWithMath } from './markdown';

export interface ReportEntry {
  /** Display name, usually the proof's path relative to where the command ran. */
  name: string;
  /** The problem statement, Markdown + LaTeX: typeset like the proof (the same scanner and macros). */
  problem: string;
  doc: ProofDocument;
  /**
   * Workspace macros (`macros.tex`), under the ones the document defines anywhere (a .tex preamble
   * included): the same table the preview and `check` use.
   */
  macros?: MacroTable;
  /** Null when the proof could not be verified (the error says why). */
  result: VerifyResult | null;
  checker?: Annotation[];
  error?: string;
  /**
   * Why the proof was not graded at all (e.g. no problem statement beside it): not an error of the run,
   * so the summary and the proof's section both say "not graded" with this reason instead of "error".
   */
  notGraded?: string;
  /**
   * `doc` is the editor's text with changes not saved to `name` (the app's export): the report says so,
   * with when the file was last saved (null: never saved, or unknown).
   */
  unsaved?: { savedAt: Date | null };
  /**
   * The run verified only a selection, these steps ("S7–S8", see `stepSpan`): its score and flag counts
   * are the selection's, and the report says so wherever it shows them, never as the whole proof's.
   */
  selection?: string;
  /**
   * What the proof was graded against (its run's grading input: the reference solution, the marking
   * scheme without its settings, the scale): shown under the problem, so a reader of "1/7 points"
   * sees what the points are out of and for. Absent for a proof that was not graded.
   */
  grading?: GradingInput;
}

export interface ReportInput {
  title: string;
  generatedAt: Date;
  /** Model and settings shown in the header, e.g. { backend: 'local:qwen.gguf', samples: 4 }. */
  settings: Record<string, string | number | boolean>;
  entries: ReportEntry[];
  /**
   * The batch's figures, as `verify --json` has them in `summary`: shown above the table so the page
   * a teacher reads gives the same class mean as the JSON (means over the verified proofs only).
   */
  summary?: ReportSummary;
}

/** `verify --json`'s `summary` (app/cli/verify-batch.ts), the part the report shows. */
export interface ReportSummary {
  proofs: number;
  verified: number;
  noVerdict: number;
  failed: number;
  notGraded: number;
  meanScore: number | null;
  meanPoints?: number | null;
  pointsMax?: number;
}

/** One line: "16 proofs: 12 verified (mean score 0.56, mean 3.44/7 points), 1 no verdict, 0 errors, 3 not graded". */
function summaryLineHtml(s: ReportSummary): string {
  const points = s.pointsMax !== undefined ? `, mean ${s.meanPoints === null || s.meanPoints === undefined ? '—' : String(Math.round(s.meanPoints * 100) / 100)}/${s.pointsMax} points` : '';
  const mean = s.verified ? ` (mean score ${formatScore(s.meanScore)}${points}, over the verified proofs)` : '';
  return `<p class="class-summary">${s.proofs} proof${s.proofs === 1 ? '' : 's'}: ${s.verified} verified${mean}, ${s.noVerdict} no verdict, ${s.failed} error${s.failed === 1 ? '' : 's'}, ${s.notGraded} not graded</p>`;
}

const SEVERITY_ORDER: Severity[] = ['critical', 'gap', 'minor', 'note', 'ok'];
const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical error',
  gap: 'Justification gap',
  minor: 'Minor issue',
  note: 'Note',
  ok: 'Checked',
};

export function formatScore(score: number | null): string {
  return score === null ? '—' : score.toFixed(2);
}

/** " · 3.33/7 points" when the proof was graded against a reference (empty otherwise). */
function pointsText(result: VerifyResult | null | undefined): string {
  const p = result?.points;
  if (!p) return '';
  return ` · ${p.mean === null ? '—' : String(Math.round(p.mean * 100) / 100)}/${p.max} points`;
}

/**
 * The summary's counts, from the same per-step consensus the steps show (so the two never disagree):
 * steps flagged by any sample, and of those, steps with a flag the meta-verifier confirmed.
 */
function flaggedCounts(entry: ReportEntry): { flagged: number; confirmed: number | null } {
  const steps = entry.result?.steps.filter((s) => s.flags > 0) ?? [];
  return { flagged: steps.length, confirmed: isMetaVerified(entry.result) ? steps.filter((s) => s.confirmed > 0).length : null };
}

/**
 * The checker's findings on a proof, counted as the workbench's Problems list counts them
 * (isCheckerFinding: its verified computations left out): a proof the verifier passes can still hold a
 * refuted computation, and the summary says so.
 */
function checkerFindingCount(entry: ReportEntry): number {
  return (entry.checker ?? []).filter(isCheckerFinding).length;
}

/** The summary's score cell: the score, "error", or "not graded" with why (the proof's section says the same). */
function scoreCell(entry: ReportEntry): string {
  if (entry.notGraded !== undefined) return `<span class="not-graded">not graded</span><br><small>${escapeHtml(entry.notGraded)}</small>`;
  if (entry.error) return `<span class="error">error</span>`;
  // Ran, and no sample gave a verdict: said in words, as the JSON's status says it (not a blank score).
  if (entry.result && entry.result.parsedSamples === 0) return `<span class="no-verdict">no verdict</span>`;
  const earlier = verifiedEarlierText(entry.result, entry.doc.text) ? `<br><small class="earlier">${EARLIER_TEXT}</small>` : '';
  const selection = entry.selection ? `<br><small class="selection">${escapeHtml(selectionWords(entry.selection))}</small>` : '';
  return formatScore(entry.result?.score ?? null) + pointsText(entry.result) + selection + earlier;
}

/** "selection S7–S8 only": what a selection run's score is about. */
const selectionWords = (steps: string) => (steps === 'the selection' ? 'selection only' : `selection ${steps} only`);

/** The score's tag when the text changed after the verification: the words the workbench's score shows. */
const EARLIER_TEXT = 'for an earlier text';

/**
 * What a proof's section says when its text is not the one verified (findings placed on it by
 * placeOnText, the workbench's rule) or not the file as saved: a report never passes either off as current.
 */
function changedNotes(entry: ReportEntry): string {
  const notes: string[] = [];
  if (entry.unsaved) {
    const since = entry.unsaved.savedAt ? ` since it was last saved (${entry.unsaved.savedAt.toISOString()})` : '';
    notes.push(`<p class="changed unsaved">Unsaved changes${escapeHtml(since)}: this is the text in the editor, not ${escapeHtml(entry.name)} as it is on disk.</p>`);
  }
  if (entry.selection) {
    notes.push(`<p class="changed selection">This verification covered only ${escapeHtml(entry.selection === 'the selection' ? 'a selection' : `the selection ${entry.selection}`)}: the score and the flag counts are the selection's, not the whole proof's; the other steps were not verified in this run.</p>`);
  }
  if (verifiedEarlierText(entry.result, entry.doc.text)) {
    notes.push('<p class="changed text-changed">The text changed after this verification: the score and the flag counts are for an earlier text, and findings about text changed since are marked stale. Verify again for a report on this text.</p>');
  }
  return notes.join('');
}

function summaryRow(entry: ReportEntry, index: number): string {
  const r = entry.result;
  const counts = flaggedCounts(entry);
  const spread = r?.spread ? `${r.spread.min.toFixed(1)}–${r.spread.max.toFixed(1)} (σ ${r.spread.stdev.toFixed(2)})` : '—';
  const samples = r ? `${r.parsedSamples}/${r.samples.length}` : '—';
  return `<tr>
<td><a href="#proof-${index}">${escapeHtml(entry.name)}</a></td>
<td class="num score">${scoreCell(entry)}</td>
<td class="num">${spread}</td>
<td class="num">${samples}</td>
<td class="num">${r ? counts.flagged : '—'}</td>
<td class="num">${checkerFindingCount(entry)}</td>
<td class="num">${!r ? '—' : counts.confirmed === null ? confirmedWording(0, false, failedMetaCalls(r)) : counts.confirmed}</td>
</tr>`;
}

/** What a document's `\label`s show (its numbering, app/common/tex/numbering.ts). */
type Labels = ReadonlyMap<string, string>;

/**
 * Text a model or the checker wrote (Markdown + LaTeX): typeset like the proof, through the same safe
 * path. Its `\eqref{key}` names the proof's equations (`labels`); its own displays count from (1).
 */
function modelText(message: string, macros: MacroTable, labels: Labels, allowance: KatexAllowance): string {
  // Identifiers' underscores (`window.__x`, `__init__`) shown as written, as the workbench's cards do.
  const text = literalIdentifierUnderscores(message);
  return renderMarkdownWithMath(text, mathFragments(text, undefined, 'markdown'), { macros, equations: { first: 1, labels }, allowance });
}

/** One finding, however many samples stated it ("verifier · 4 of 4 samples (1, 2, 3, 4) · …"). */
function clusterHtml(c: FindingCluster, sampleCount: SampleVerdicts, macros: MacroTable, labels: Labels, format: DocumentFormat, allowance: KatexAllowance): string {
  const a = c.lead;
  const stale = c.members.every((m) => m.stale);
  // The checker's messages are text with its formulas as `$…$` and quoted TeX in backticks ("`\[` is
  // never closed by `\]`"): only the formulas are typeset (as the workbench's cards do), no Markdown.
  const message = a.provenance.source === 'checker' ? renderInlineSegments(inlineMathSegments(a.message), macros, allowance) : modelText(a.message, macros, labels, allowance);
  // The quote is a copy of the proof's source: shown as written (Markdown would read `\\` as an escaped
  // `\`), its formulas typeset; a computation finding quotes the inside of a formula, typeset whole.
  const notFound = a.quote && a.quoteNotFound ? `<div class="quote-caption">${escapeHtml(QUOTE_NOT_FOUND_WORDING)}</div>` : '';
  const quote = a.quote ? `${notFound}<blockquote class="quote">${renderInlineSegments(findingQuoteSegments(a, a.quote, format), macros, allowance)}</blockquote>` : '';
  const staleTag = stale ? ' <span class="stale-tag">stale: made on an earlier text</span>' : '';
  return `<li class="finding sev-${a.severity}${stale ? ' stale' : ''}"><span class="sev">${SEVERITY_LABEL[a.severity]}</span>${staleTag} <div class="message">${message}</div>${quote}<span class="prov">${escapeHtml(describeCluster(c, sampleCount))}</span></li>`;
}

function findingsHtml(annotations: Annotation[], sampleCount: SampleVerdicts, macros: MacroTable, labels: Labels, format: DocumentFormat, allowance: KatexAllowance): string {
  if (annotations.length === 0) return '';
  const sorted = [...annotations].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  return `<ul class="findings">${clusterFindings(sorted).map((c) => clusterHtml(c, sampleCount, macros, labels, format, allowance)).join('')}</ul>`;
}

/** `meta`: whether a meta-verify call of the run gave a verdict, and how many gave none (isMetaVerified, failedMetaCalls). */
function consensusHtml(consensus: StepConsensus | undefined, samples: SampleVerdicts, { verified: meta, failed: metaFailed }: { verified: boolean; failed: number }): string {
  if (!consensus || consensus.flags === 0) return '';
  const width = Math.round(verdictShare(consensus.flags, samples).rate * 100);
  const confirmed = confirmedWording(consensus.confirmed, meta, metaFailed);
  const title = meta ? `${consensus.confirmed} confirmed by meta-verification` : metaFailed > 0 ? 'every meta-verify call of this run failed' : 'meta-verification was off for this run';
  const flagged = flaggedWording(consensus.flags, samples);
  return `<div class="consensus" title="${flagged}; ${title}">
<span class="bar"><span style="width:${width}%"></span></span> ${flagged}, ${confirmed}</div>`;
}

/** A step's place in its document's equation numbering: its first number, and what every label shows. */
interface StepEquations {
  first: number;
  labels: Labels;
}

/** Where a step's first block sits in its lists, and the columns its first line is indented by. */
interface StepPlace {
  place: ListPlace;
  indent: number;
}

/**
 * Where each block of `doc` sits in its lists (by the offset of its first non-blank character, where a
 * step starts), read over the document's blocks in order as the preview reads them, so list items show
 * the numbers the preview shows and a later paragraph of an item is indented with it.
 */
function listPlaces(doc: ProofDocument): Map<number, StepPlace> {
  const places = new Map<number, StepPlace>();
  const lists = new ListNesting();
  for (const block of splitBlocks(doc.text, doc.format)) {
    const place = lists.next(block);
    const lead = block.text.length - block.text.trimStart().length;
    if (place.parents.length > 0 || place.number !== undefined || place.unmarked || block.kind === 'list-item') {
      places.set(block.start + lead, { place, indent: listIndentColumns(block.text) });
    }
  }
  return places;
}

/**
 * A step's text as the preview shows it before typesetting: a LaTeX `\item` as a Markdown item (its
 * label bold in a description), `\section{…}` as a heading; a step in a list (an item with its later
 * paragraphs) without the list's indentation on its later lines, or a paragraph under a nested item
 * would read as indented code. Null when nothing is rewritten (its math offsets still hold).
 */
function rewrittenStep(step: Step, at: StepPlace | undefined, sections: ReadonlyMap<number, string>): string | null {
  const dedented = at ? dedentLines(step.text, at.indent) : step.text;
  // A Markdown proof's `\section{…}` is a paragraph step, yet the preview shows it as a heading too; its
  // number as the preview shows it (numbering.ts documentNumbers).
  const number = sections.get(step.range.start + step.text.length - step.text.trimStart().length);
  const text = step.kind === 'heading' || (step.kind === 'paragraph' && !at) ? latexHeadingToMarkdown(step.text, number)
    : step.kind === 'list-item' ? latexItemToMarkdown(dedented, undefined, at?.place.unmarked === 'description')
    : dedented;
  return text === step.text ? null : text;
}

/** Attributes for a class list, or nothing when it is empty. */
const classAttr = (...names: (string | false | undefined)[]) => {
  const list = names.filter(Boolean).join(' ');
  return list ? ` class="${list}"` : '';
};

/**
 * A step's HTML inside the lists around it, as the preview's rows are (renderer/preview/listNesting.ts):
 * each ancestor an item without a marker, so the step is indented where the preview indents it; a list
 * item's own list numbered from `place.number`, unmarked (`pw-item-unmarked`) for a LaTeX label or a
 * description, and lists deeper than MAX_INDENTED_LIST_LEVELS indent no further (`pw-list-flat`).
 */
function nestInLists(html: string, place: ListPlace | undefined, item: boolean): string {
  if (!place) return html;
  const depth = place.parents.length;
  let out = html;
  if (item) {
    // markdown-it opens a one-item list as `<ul>\n<li>` or `<ol start="N">\n<li>`: its own tags, rewritten.
    out = out.replace(/^<(ul|ol)(?: start="\d+")?>\n<li>/, (_, tag: string) => {
      const ordered = place.number !== undefined ? 'ol' : tag;
      const start = place.number !== undefined && place.number !== 1 ? ` start="${place.number}"` : '';
      return `<${ordered}${start}${classAttr(depth >= MAX_INDENTED_LIST_LEVELS && 'pw-list-flat')}>\n<li${classAttr(place.unmarked && 'pw-item-unmarked')}>`;
    });
    if (place.number !== undefined) out = out.replace(/<\/ul>\s*$/, '</ol>\n');
  }
  for (let i = depth - 1; i >= 0; i--) {
    const tag = place.parents[i];
    out = `<${tag}${classAttr('pw-list-outer', i >= MAX_INDENTED_LIST_LEVELS && 'pw-list-flat')}><li class="pw-list-parent">${out}</li></${tag}>`;
  }
  return out;
}

function stepHtml(step: Step, format: DocumentFormat, macros: MacroTable, equations: StepEquations, annotations: Annotation[], consensus: StepConsensus | undefined, sampleCount: SampleVerdicts, meta: { verified: boolean; failed: number }, allowance: KatexAllowance, at?: StepPlace, theoremNumber?: (name: string) => string | undefined, sections: ReadonlyMap<number, string> = new Map()): string {
  const rewritten = rewrittenStep(step, at, sections);
  const body = rewritten === null
    ? renderMarkdownWithMath(step.text, step.math, { offset: step.range.start, format, macros, equations, theoremNumber, allowance })
    : renderMarkdownWithMath(rewritten, mathFragments(rewritten, undefined, format), { format, macros, equations, theoremNumber, allowance });
  const cls = step.kind === 'heading' ? 'step heading' : 'step';
  return `<div class="${cls}" id="${escapeHtml(step.id)}">
<div class="label">${escapeHtml(step.label)}</div>
<div class="source">${nestInLists(body, at?.place, step.kind === 'list-item')}</div>
<div class="notes">${consensusHtml(consensus, sampleCount, meta)}${findingsHtml(annotations, sampleCount, macros, equations.labels, format, allowance)}</div>
</div>`;
}

/**
 * Rows for the environment lines between steps that no step holds: a container's (a proof's)
 * `\begin{proof}[Proof of Lemma 1]` title and its `\end{proof}` ∎, as the preview shows them
 * (text-mode.ts environmentTitle); lists and layout environments show nothing.
 */
function environmentRows(doc: ProofDocument, from: number, to: number, macros: MacroTable, labels: ReadonlyMap<string, string>, theoremNumber: (name: string) => string | undefined, allowance: KatexAllowance): string[] {
  if (to <= from) return [];
  const rows: string[] = [];
  for (const line of doc.text.slice(from, to).split('\n')) {
    if (!ENVIRONMENT_LINE_RE.test(line.replace(/\r$/, ''))) continue;
    const shown = textEnvironmentLines(line.trim(), theoremNumber).trim();
    if (!shown || shown === line.trim()) continue;
    // References in the note resolve there, an unknown key's "??" with its hint (as in the preview).
    const html = renderMarkdownWithMath(shown, mathFragments(shown, undefined, doc.format), { format: doc.format, macros, allowance, equations: { first: 1, labels } });
    rows.push(`<div class="step env">\n<div class="label"></div>\n<div class="source">${html}</div>\n<div class="notes"></div>\n</div>`);
  }
  return rows;
}

function samplesHtml(result: VerifyResult): string {
  const items = result.samples.map((s) => {
    const meta = s.meta ? `<p class="meta">Meta-verification: ${formatScore(s.meta.score)} (${escapeHtml(s.meta.status)})</p>` : '';
    // A sample with no verdict says so in words ("— · — points" read as a grade of nothing); points
    // are out of the scheme's maximum, as the proof's own line gives them.
    const verdict = s.score === null ? 'no verdict' : formatScore(s.score);
    const points = typeof s.points === 'number' ? ` · ${s.points}${result.points ? `/${result.points.max}` : ''} points` : '';
    return `<details><summary>Sample ${s.index + 1}: ${verdict}${points} · ${escapeHtml(s.status)}${s.reason ? ` (${escapeHtml(reasonInWords(s.reason))})` : ''}</summary>
<pre class="analysis">${escapeHtml(s.analysis)}</pre>${meta}</details>`;
  });
  return `<section class="samples"><h3>Verifier analyses</h3>${items.join('')}</section>`;
}

function entryHtml(entry: ReportEntry, index: number, allowance: KatexAllowance): string {
  const result = entry.result;
  const sampleCount: SampleVerdicts = sampleVerdictsOf(result) ?? { verdicts: 0, requested: 0 };
  const byStep = new Map<string, Annotation[]>();
  // The verifier's findings on the text shown: where that text is not the verified one, each is placed
  // on the step that still reads as its step did, else stale (the workbench's rule, one copy).
  const verifier = result ? placeOnText(result.samples.flatMap((s) => s.annotations), result, entry.doc) : [];
  const all = [...verifier, ...(entry.checker ?? [])];
  const documentLevel: Annotation[] = [];
  const earlierOnly: Annotation[] = [];
  for (const a of all) {
    if (a.stepId === null) (a.stale ? earlierOnly : documentLevel).push(a);
    else byStep.set(a.stepId, [...(byStep.get(a.stepId) ?? []), a]);
  }
  const earlier = verifiedEarlierText(result, entry.doc.text);
  // A step's flag count is shown only on a step that reads as the one the samples flagged.
  const consensus = new Map<string, StepConsensus>();
  if (result && earlier) {
    for (const [oldId, { step }] of stepsStillRead(result, entry.doc)) {
      const c = result.steps.find((s) => s.id === oldId);
      if (c) consensus.set(step.id, c);
    }
  } else for (const s of result?.steps ?? []) consensus.set(s.id, s);
  const macros = collectMacros(entry.doc.text, entry.macros);
  const meta = { verified: isMetaVerified(result), failed: failedMetaCalls(result) };
  // Equation numbers run over the whole proof in order, as LaTeX and the preview count them.
  const numbering = new DocumentNumbering();
  const firsts = entry.doc.steps.map((step) => numbering.add(fragmentEquations(step.math)));
  const places = listPlaces(entry.doc);
  const doc = entry.doc;
  // Theorem numbers as the preview counts them (numbering.ts documentNumbers); their labels answer `\ref`.
  // A title's own private-use characters are never read as a mark (private-use.ts; same length, same offsets).
  const shielded = shieldPrivateUse(doc.text);
  const theorems = documentNumbers(shielded);
  numbering.addDocument(theorems, shielded);
  const numberIn = (from: number, to: number) => theoremNumberOf(doc.text, theorems.titles, from, to);
  const steps = doc.steps.flatMap((step, i) => {
    const gap = i === 0 ? doc.body.start : doc.steps[i - 1].range.end;
    return [
      ...environmentRows(doc, gap, step.range.start, macros, numbering.labels, numberIn(gap, step.range.start), allowance),
      stepHtml(step, doc.format, macros, { first: firsts[i], labels: numbering.labels }, byStep.get(step.id) ?? [], consensus.get(step.id), sampleCount, meta, allowance, places.get(step.range.start), numberIn(step.range.start, step.range.end), theorems.sections),
    ];
  });
  const last = doc.steps.at(-1)?.range.end ?? doc.body.start;
  steps.push(...environmentRows(doc, last, doc.body.end, macros, numbering.labels, numberIn(last, doc.body.end), allowance));
  const unscored = entry.error || entry.notGraded !== undefined;
  const scoreTag = earlier ? ` <span class="earlier">${EARLIER_TEXT}</span>` : '';
  const noVerdict = result !== null && result !== undefined && result.parsedSamples === 0;
  const selectionTag = entry.selection ? `${escapeHtml(selectionWords(entry.selection))}: ` : '';
  const header = `<h2>${escapeHtml(entry.name)} <span class="score">${unscored ? '' : `${selectionTag}${noVerdict ? 'no verdict' : `score ${formatScore(result?.score ?? null)}${pointsText(result)}${scoreTag}`}`}</span></h2>${changedNotes(entry)}`;
  const error = entry.notGraded !== undefined
    ? `<p class="not-graded">Not graded: ${escapeHtml(entry.notGraded)}</p>`
    : entry.error ? `<p class="error">Not verified: ${escapeHtml(entry.error)}</p>` : '';
  const problem = `<div class="problem"><h3>Problem</h3>${renderMarkdownWithMath(entry.problem, problemMath(entry.problem), { macros, allowance })}</div>${entry.grading ? gradingHtml(entry.grading, macros, allowance) : ''}`;
  const docNotes = documentLevel.length ? `<div class="document-findings"><h3>Findings not tied to a step</h3>${findingsHtml(documentLevel, sampleCount, macros, numbering.labels, entry.doc.format, allowance)}</div>` : '';
  const staleNotes = earlierOnly.length ? `<div class="document-findings stale-findings"><h3>Findings about text changed since the verification</h3>${findingsHtml(earlierOnly, sampleCount, macros, numbering.labels, entry.doc.format, allowance)}</div>` : '';
  return `<section class="proof" id="proof-${index}">${header}${error}${problem}<div class="steps">${steps.join('\n')}</div>${docNotes}${staleNotes}${result ? samplesHtml(result) : ''}</section>`;
}

/**
 * The reference solution and the marking scheme a proof was graded against, each folded (a reader opens
 * it) and typeset as the problem is: Markdown + KaTeX through the safe path, raw HTML shown as text.
 */
function gradingHtml(grading: GradingInput, macros: MacroTable, allowance: KatexAllowance): string {
  const text = (source: string) => renderMarkdownWithMath(source, problemMath(source), { macros, allowance });
  const scheme = grading.rubric.trim()
    ? text(grading.rubric)
    : '<p class="muted">None given: graded for completeness and rigour against the reference solution.</p>';
  return `<div class="grading"><details class="reference"><summary>Reference solution</summary><div class="grading-text">${text(grading.reference)}</div></details>
<details class="rubric"><summary>Marking scheme (${grading.points} point${grading.points === 1 ? '' : 's'})</summary><div class="grading-text">${scheme}</div></details></div>`;
}

/** Math of a problem statement (Markdown: problem files are `.md`), found once here for every caller. */
function problemMath(problem: string): MathFragment[] {
  return mathFragments(problem, undefined, 'markdown');
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fff; --muted: #666; --line: #ddd;
  --critical: #c62828; --gap: #e08a00; --minor: #1565c0; --note: #607d8b; --ok: #2e7d32; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e6e6; --bg: #1e1e1e; --muted: #aaa; --line: #444; } }
body { font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
table.summary { border-collapse: collapse; width: 100%; } .summary th, .summary td { border-bottom: 1px solid var(--line); padding: .3rem .6rem; text-align: left; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; }
.settings { color: var(--muted); }
.proof { border-top: 2px solid var(--line); margin-top: 2rem; page-break-before: always; }
.problem { background: rgba(127,127,127,.08); padding: .2rem 1rem; border-radius: 4px; }
/* What a graded proof was graded against (gradingHtml): folded, typeset as the problem is. */
.grading { margin: .4rem 0; } .grading summary { cursor: pointer; font-weight: 600; padding: .2rem 0; }
.grading-text { background: rgba(127,127,127,.05); padding: .2rem 1rem; border-radius: 4px; }
.muted { color: var(--muted); }
/* Text blocks never widen the page (rev16 F10: a 400-brace formula made it 1,895 px wide in a 1,280 px
   window): a long unbroken word breaks, a wide formula or display scrolls inside its own block. */
.problem, .grading-text, .step .source, .finding { overflow-wrap: anywhere; overflow-x: auto; overflow-y: hidden; }
.katex-display { overflow-x: auto; overflow-y: hidden; padding: .15em 0; }
.step { display: grid; grid-template-columns: 3rem minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; padding: .4rem 0; border-bottom: 1px dashed var(--line); }
/* Rows off screen are not laid out until scrolled to: a 2 MB proof's 46,000 rows took Chromium 98 s to open, 15 s so. */
.steps > .step { content-visibility: auto; contain-intrinsic-size: auto 2.5rem; }
.step .label { color: var(--muted); font-size: .85em; padding-top: .2rem; }
.step .source { overflow-wrap: anywhere; }
/* An inline formula and the stop or comma after it: one unbreakable piece (app/common/tex/math-punctuation.ts). */
.pw-math-nowrap { white-space: nowrap; }
.step .source p:first-child { margin-top: 0; } .step .source p:last-child { margin-bottom: 0; }
.step .source ul, .step .source ol { margin: .2rem 0; padding-left: 1.6em; }
.step .source .pw-list-parent, .step .source .pw-item-unmarked { list-style: none; } .step .source .pw-list-parent > ul, .step .source .pw-list-parent > ol { margin: 0; }
.step .source .pw-list-flat { padding-left: 0; }
/* A formula past the report's KaTeX allowance: KaTeX's MathML, typeset by the browser (markdown.ts mathmlOnly). */
.katex.pw-mathml math { font-size: .83em; }
/* An unknown reference's "??", with its hint as the title (app/report/markdown.ts), as the preview shows it. */
.pw-ref-unknown { color: var(--critical); border-bottom: 1px dotted currentColor; cursor: help; }
/* A GFM table (app/common/markdown-tables.ts), as the preview draws it. */
table.pw-md-table { border-collapse: collapse; margin: .3rem 0; } .pw-md-table th, .pw-md-table td { border: 1px solid var(--line); padding: .15rem .5rem; }
.pw-md-table .pw-align-left { text-align: left; } .pw-md-table .pw-align-center { text-align: center; } .pw-md-table .pw-align-right { text-align: right; }
/* A display left open, shown as its source with why (app/report/markdown.ts), as the preview shows it. */
.pw-math-error { color: var(--critical); } .pw-math-error code { white-space: pre-wrap; color: inherit; }
.pw-math-error-message { margin-left: .4rem; font-size: .8em; font-family: system-ui, sans-serif; }
.findings { list-style: none; margin: 0; padding: 0; } .finding { border-left: 3px solid var(--note); padding: .1rem .5rem; margin-bottom: .4rem; }
.finding .sev { font-weight: 600; } .finding .message { display: inline; } .finding .message p { display: inline; margin: 0; } .finding .prov { display: block; color: var(--muted); font-size: .8em; }
.finding blockquote { margin: .2rem 0; color: var(--muted); font-family: ui-monospace, monospace; font-size: .85em; white-space: pre-wrap; overflow-wrap: anywhere; }
.finding .quote-caption { color: var(--muted); font-size: .8em; font-style: italic; }
.sev-critical { border-color: var(--critical); } .sev-critical .sev { color: var(--critical); }
.sev-gap { border-color: var(--gap); } .sev-gap .sev { color: var(--gap); }
.sev-minor { border-color: var(--minor); } .sev-ok { border-color: var(--ok); }
.stale { opacity: .55; } .stale-tag, .earlier { color: var(--muted); font-size: .8em; text-transform: uppercase; letter-spacing: .03em; }
.changed { border-left: 3px solid var(--gap); padding: .2rem .6rem; background: rgba(224,138,0,.08); }
.consensus { font-size: .85em; color: var(--muted); margin-bottom: .3rem; }
.consensus .bar { display: inline-block; width: 5rem; height: .5rem; background: var(--line); vertical-align: middle; }
.consensus .bar span { display: block; height: 100%; background: var(--critical); }
.analysis { white-space: pre-wrap; font-size: .9em; }
.error { color: var(--critical); }
.not-graded { color: var(--muted); } td.score small { color: var(--muted); font-variant-numeric: normal; }
figure.chart { margin: 1.5rem 0; } figure.chart svg { display: block; max-width: 100%; height: auto; background: #fff; border-radius: 4px; }
figure.chart figcaption { color: var(--muted); font-size: .85em; margin-top: .3rem; }
table.data { border-collapse: collapse; } .data th, .data td { border-bottom: 1px solid var(--line); padding: .2rem .6rem; text-align: left; }
@media print { details { display: block; } details > summary { list-style: none; } .proof { page-break-before: always; } }
`;

/**
 * A backend spec as a report shows it: a file's name, never the absolute path on the machine that ran
 * it (`scripted:/srv/…/samples.deepseek.scripted.json` → `scripted:samples.deepseek.scripted.json`).
 */
export function displaySpec(spec: string): string {
  const m = /^(scripted|local):(.*)$/.exec(spec);
  if (!m) return spec;
  return `${m[1]}:${m[2].split(/[\\/]/).pop() ?? m[2]}`;
}

/** The page around a report's body: head with the CSP (no script, no request), styles, title and settings line. */
export interface ReportPage {
  title: string;
  generatedAt: Date;
  settings: Record<string, string | number | boolean>;
  /** Trusted HTML built by a report module (every user string in it already escaped). */
  body: string;
  /** Inline KaTeX's CSS (with its fonts): only pages with typeset math need its ~300 KB. */
  katex: boolean;
}

/**
 * A self-contained HTML page in the reports' shell: one copy of the head, the CSP and the styles for
 * the proof report and the eval report. The CSP allows inline styles, `data:` fonts and images only.
 */
export function reportPage(page: ReportPage): string {
  const settings = Object.entries(page.settings)
    .map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(k === 'backend' ? displaySpec(String(v)) : String(v))}`)
    .join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
${page.katex ? `<style>${inlinedKatexCss()}</style>\n` : ''}<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<p class="settings">Generated ${escapeHtml(page.generatedAt.toISOString())}${settings ? ` · ${settings}` : ''}</p>
${page.body}
</body>
</html>
`;
}

/** What the top of a report says when its math ran past its KaTeX allowance (markdown.ts KatexAllowance). */
function mathmlNote(allowance: KatexAllowance): string {
  if (allowance.mathmlOnly === 0) return '';
  const n = allowance.mathmlOnly;
  return `<p class="changed mathml-note">This report holds more typeset math than a page can carry and still open quickly: the last ${n.toLocaleString('en-US')} formula${n === 1 ? ' is' : 's are'} drawn by the browser's own math (MathML), the same formulas in a plainer look.</p>`;
}

/** The batch/verify report: summary table, score histogram, then each proof with its findings. */
export function renderReport(input: ReportInput): string {
  const allowance = new KatexAllowance();
  const sections = input.entries.map((entry, i) => entryHtml(entry, i, allowance));
  const body = `${input.summary ? summaryLineHtml(input.summary) : ''}${mathmlNote(allowance)}<table class="summary">
<thead><tr><th>Proof</th><th class="num">Mean score</th><th class="num">Spread</th><th class="num">Samples parsed</th><th class="num">Steps flagged by the verifier</th><th class="num">Checker findings</th><th class="num">Confirmed by meta-verification</th></tr></thead>
<tbody>
${input.entries.map(summaryRow).join('\n')}
</tbody>
</table>
${input.entries.length > 1 ? scoreHistogramFigure(input.entries.map((e) => (e.error ? null : (e.result?.score ?? null)))) : ''}
${sections.join('\n')}`;
  return reportPage({ title: input.title, generatedAt: input.generatedAt, settings: input.settings, body, katex: true });
}
