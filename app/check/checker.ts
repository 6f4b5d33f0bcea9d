// The incremental checker: lint and computation checks for a whole document, with per-fragment
// results cached by (TeX, macros) and (TeX, context), so re-checking after an edit only re-parses the
// fragments the edit changed. What each fragment's sentence says (its reading) and the context it is
// judged in (its setting) are kept from the previous check for fragments whose surroundings the edit
// did not touch and whose letters no changed definition or hypothesis mentions (incremental.ts).
// Document-wide passes (delimiter balance, macro collection, stated domains) are linear scans and
// re-run every time.
import { inCheckRun } from './compute/cache';
import type { Annotation } from '../common/annotations';
import { MathBudget, MAX_CHECKED_LINE_CHARS, lineTooLongToCheck } from '../common/limits';
import type { DocumentFormat, ProofDocument } from '../common/proof';
import { computationAnnotation, contentIds, lintAnnotation, type StepSpan } from './annotations';
import { checkFragmentComputations, documentContext, fragmentSetting, fractionSymbolsIn, introducedAsHypothesis, type FragmentSetting } from './compute';
import { READ_AROUND, lowerBoundHints, naturalsFrom, readFragment, type Assignment, type FragmentReading, type MathSource } from './compute/context';
import { fragmentNames, sectionStarts, type ContextFact } from './compute/facts';
import { flagRestatedSlips, type FragmentFinding } from './compute/restated';
import { changedAssignmentBases, changedFactBases, unchangedOffset } from './incremental';
import { editRegion } from '../common/text';
import { lintMath } from './lint/katex';
import { blankMacroDefinitions, collectMacros, HAS_DEFINITION } from '../common/tex/macros';
import { mathCommandsInProse, proseMath } from './lint/prose';
import { duplicateLabels, undefinedReferences } from './lint/references';
import { scanDocument } from './lint/scan';
import type { CheckFragment, CheckOptions, ComputationFinding, LintIssue } from './types';

/** A document as the checker needs it; `fromProofDocument` builds one from app/proof's model. */
export interface DocumentInput {
  text: string;
  format: DocumentFormat;
  /** Math fragments; when absent, the checker's own scanner finds them. */
  fragments?: CheckFragment[];
  steps?: StepSpan[];
  /**
   * Code blocks the document's segmentation found (sorted): not prose, not math. Indented code is only
   * known there (a Markdown parser's reading); fences and code spans the lint's own walk skips as well.
   */
  code?: { start: number; end: number }[];
}

export interface CheckReport {
  lint: LintIssue[];
  computations: ComputationFinding[];
  annotations: Annotation[];
  stats: {
    fragments: number;
    /** Fragments parsed by KaTeX / computation-checked in this run (the rest came from the cache). */
    lintParsed: number;
    computeChecked: number;
    /** Fragments whose setting (`fragmentSetting`: facts, domains, values in scope) was read afresh, not kept from the previous check. */
    settingsRead: number;
    ms: number;
  };
}

export function fromProofDocument(doc: ProofDocument): DocumentInput {
  return {
    text: doc.text,
    format: doc.format,
    fragments: doc.steps.flatMap((step) =>
      step.math.map((m) => ({ tex: m.tex, contentOffset: m.contentRange.start, display: m.display, env: m.env, range: m.range, stepId: step.id })),
    ),
    steps: doc.steps.map((s) => ({ id: s.id, start: s.range.start, end: s.range.end })),
    code: doc.steps.filter((s) => s.kind === 'code').map((s) => ({ start: s.range.start, end: s.range.end })),
  };
}

function isProofDocument(input: DocumentInput | ProofDocument): input is ProofDocument {
  return Array.isArray((input as ProofDocument).steps) && (input as ProofDocument).body !== undefined;
}

function shiftRange<T extends { range: { start: number; end: number } }>(item: T, by: number): T {
  return { ...item, range: { start: item.range.start + by, end: item.range.end + by } };
}

/**
 * Thrown by `Checker.check` when its `cancelled` callback says yes: the check stopped part-way. The
 * checker stays as it was after its last whole check (what it had parsed and judged meanwhile stays in
 * its caches, so the next check does not pay for it again).
 */
export class CheckCancelled extends Error {
  constructor() {
    super('check cancelled: a newer text came');
    this.name = 'CheckCancelled';
  }
}

/** Per-call options of `Checker.check`. */
export interface CheckCall {
  /**
   * Asked between fragments; true stops the check with `CheckCancelled`. The engine's check thread
   * (app/engine/checkThread.ts) answers from a shared flag, so a newer text stops a stale check of a
   * long document instead of waiting seconds for findings nobody will see.
   */
  cancelled?: () => boolean;
}

export class Checker {
  // Results relative to the fragment start, with the run that last used them (pruned when unused).
  private lintCache = new Map<string, { value: LintIssue[]; run: number }>();
  /** Findings per fragment, with the simplifier attempts computing them took (replayed on a hit: the budget spent stays the same). */
  private computeCache = new Map<string, { value: FragmentFinding[]; run: number; attempts: number }>();
  private run = 0;
  /** Stated domains change rarely: keys carry a generation number instead of the whole domain table. */
  private domains = { key: '', generation: 0 };
  /** The previous check's context text, readings and settings (by fragment content offset). */
  private previous: PreviousCheck | null = null;

  constructor(private readonly options: CheckOptions = {}) {}

  check(source: DocumentInput | ProofDocument, call: CheckCall = {}): CheckReport {
    // One run for the shared memo tables: nothing this check uses is evicted before it ends.
    return inCheckRun(() => this.checkOnce(source, call.cancelled ?? (() => false)));
  }

  private checkOnce(source: DocumentInput | ProofDocument, cancelled: () => boolean): CheckReport {
    const stopIfCancelled = () => {
      if (cancelled()) throw new CheckCancelled();
    };
    const started = performance.now();
    const input = isProofDocument(source) ? fromProofDocument(source) : source;
    const scan = scanDocument(input.text, input.format, { fragments: !input.fragments, code: input.code });
    // Lines too long to check are left out whole (their formulas, and their words as anyone's
    // context), each with one note in place of its findings.
    const tooLong = linesTooLong(input.text);
    const outside = (at: number) => !tooLong.some((p) => at >= p.start && at < p.end);
    const fragments = tooLong.length ? (input.fragments ?? scan.fragments).filter((f) => outside(f.contentOffset)) : (input.fragments ?? scan.fragments);
    if (tooLong.length) scan.prose = scan.prose.flatMap((r) => outsideLines(r, tooLong));
    const steps = [...(input.steps ?? [])].sort((a, b) => a.start - b.start);
    // The document's own definitions win over the ones passed in (macros.tex, --macros), as in the
    // preview and the report: the author's \newcommand is what the text means.
    const macros = { ...this.options.macros, ...collectMacros(input.text) };
    const macrosKey = JSON.stringify(macros);

    // Markdown comments are not read by anyone: their words must not count as the proof's context.
    const contextText = blankLines(input.format === 'markdown' ? blankHtmlComments(input.text) : input.text, tooLong);
    // What the computations read: a definition inside a formula (`\newcommand{\s}{…}` on an align*
    // row) is applied document-wide, not part of the relation it stands beside (same length: offsets hold).
    const computed = fragments.map((f) => (HAS_DEFINITION.test(f.tex) ? { ...f, tex: blankMacroDefinitions(f.tex) } : f));
    const sources: MathSource[] = computed.map((f) => ({ tex: f.tex, start: f.contentOffset, end: f.contentOffset + f.tex.length, display: f.display }));
    const hypothesisDisplay = (f: MathSource) => introducedAsHypothesis(contextText, f.start, f.end);
    const prev = this.previous;
    const region = prev ? editRegion(prev.text, contextText) : null;
    // A fragment whose surroundings are unchanged keeps its reading (old offset, or null: read again).
    const oldOffsets: (number | null)[] = [];
    const kept: KeptFragment[] = fragments.map((f, i) => {
      stopIfCancelled();
      const shape = fragmentShape(f);
      const old = region ? unchangedOffset(region, shape.from - READ_BEHIND, shape.to + READ_AHEAD, f.contentOffset) : null;
      const before = old === null ? undefined : prev!.fragments.get(old);
      if (before && before.shape.key === shape.key) {
        oldOffsets.push(old);
        return { shape, reading: before.reading, lint: before.lint };
      }
      oldOffsets.push(null);
      return { shape, reading: readFragment(contextText, sources[i], hypothesisDisplay) };
    });
    const lint: LintIssue[] = [
      ...tooLong.map((p): LintIssue => ({ code: 'too-large', level: 'warning', range: { start: p.start, end: p.start + p.opening }, message: lineTooLongToCheck(p.end - p.start) })),
      ...scan.issues,
      ...mathCommandsInProse(input.text, scan.prose, proseMath(input.text, scan.prose, macros)),
      ...undefinedReferences(input.text, scan.prose, fragments),
      ...duplicateLabels(input.text, scan.prose, fragments),
    ];
    const run = ++this.run;
    let lintParsed = 0;
    // Formulas too deep or too large (app/common/limits.ts) get one warning and no parse or check.
    const budget = new MathBudget(macros);
    fragments.forEach((f, i) => {
      stopIfCancelled();
      // A kept fragment keeps its lint key string (its hash is cached: no rehashing of the TeX).
      const held = kept[i].lint;
      const key = held?.macrosKey === macrosKey ? held.key : `${macrosKey}\u0000${f.display}\u0000${f.env ?? ''}\u0000${f.tex}`;
      kept[i].lint = { key, macrosKey };
      let entry = this.lintCache.get(key);
      if (!entry) {
        const reason = budget.check(f.tex);
        entry = { value: reason ? [{ code: 'too-large', level: 'warning', range: { start: 0, end: f.tex.length }, message: reason }] : lintMath(f.tex, 0, f.display, f.env, macros), run };
        this.lintCache.set(key, entry);
        lintParsed++;
      }
      entry.run = run;
      for (const issue of entry.value) lint.push(shiftRange(issue, f.contentOffset));
    });
    prune(this.lintCache, run, fragments.length);
    lint.sort((a, b) => a.range.start - b.range.start);

    const readings: FragmentReading[] = kept.map((k) => k.reading);
    const ctx = documentContext(contextText, sources, hypothesisDisplay, readings);
    // Orders carry the indices of their sections: a heading or label added, removed, re-levelled or renamed anywhere renumbers them.
    const domainsJson = JSON.stringify([[...ctx.domains].sort(([a], [b]) => (a < b ? -1 : 1)), [...ctx.partDomains].map(([k, t]) => [k, [...t].sort(([a], [b]) => (a < b ? -1 : 1))]), ctx.relations, sectionStarts(contextText).map((s) => `${s.level}${s.part ?? ''}`).join(',')]);
    if (domainsJson !== this.domains.key) this.domains = { key: domainsJson, generation: this.domains.generation + 1 };
    const domainsKey = String(this.domains.generation);
    // Settings stay valid while what every fragment shares is unchanged; then only the letters of
    // changed facts (a definition edited earlier in the document) send a fragment back to be set again.
    const globalKey = JSON.stringify([domainsKey, [...ctx.namedVariables].sort(), fractionSymbolsIn(contextText), naturalsFrom(contextText), lowerBoundHints(contextText).key]);
    const ordered = (name: string) => ctx.relations.some((r) => r.left === name || r.right === name);
    const changedBases =
      prev && region && prev.globalKey === globalKey
        ? new Set([...changedFactBases(region, prev.facts, ctx.facts), ...changedAssignmentBases(region, prev.assignments, ctx.assignments, ordered)])
        : null;
    const settings = new Map<number, KeptSetting>();
    const found: FragmentFinding[] = [];
    let computeChecked = 0;
    let settingsRead = 0;
    const symbolicBudget = this.options.symbolic ? (this.options.symbolicAttempts ?? 1_000) : 0;
    let symbolicSpent = 0;
    stopIfCancelled();
    computed.forEach((f, i) => {
      stopIfCancelled();
      // Unicode relations (`x ≥ y + 1`, `≡`) are relations too: chains.ts reads them as `\ge`, `\equiv`.
      if (!/[=<>≤≥≠⩽⩾≦≧≡≢]|\\(?:le|ge|ne|lt|gt|equiv)/.test(f.tex)) return;
      if (this.lintCache.get(kept[i].lint!.key)?.value.some((issue) => issue.code === 'too-large')) return;
      // Past the budget, relations are judged numerically only; a check with a larger budget can still
      // upgrade them (the key includes the flag, and the simplifier's answers are memoised).
      const symbolic = symbolicSpent < symbolicBudget;
      const old = oldOffsets[i];
      let held = old === null || changedBases === null ? undefined : prev!.settings.get(old);
      if (held && changedBases!.size && (changedBases!.has('*') || [...changedBases!].some((n) => held!.names.has(n)))) held = undefined;
      if (!held) {
        held = { setting: fragmentSetting(ctx, f), names: fragmentNames(f.tex) };
        settingsRead++;
      }
      settings.set(f.contentOffset, held);
      const setting = held.setting;
      // A setting kept from the last check keeps its key string too, so the lookup does not rehash it.
      const fresh = `${symbolic}\u0000${domainsKey}\u0000`;
      const key = held.key?.startsWith(fresh) ? held.key : `${fresh}${f.display}\u0000${setting.key}\u0000${f.tex}`;
      held.key = key;
      let entry = this.computeCache.get(key);
      if (!entry) {
        const symbolicTally = { attempts: 0 };
        const value = checkFragmentComputations({ ...f, contentOffset: 0, range: undefined, stepId: null }, setting, {
          symbolic,
          symbolicTally,
          samples: this.options.samples,
        });
        entry = { value, run, attempts: symbolicTally.attempts };
        this.computeCache.set(key, entry);
        computeChecked++;
      }
      entry.run = run;
      symbolicSpent += entry.attempts;
      for (const finding of entry.value) found.push(placeFinding(finding, f.contentOffset, f.stepId, steps));
    });
    // A slip copied inline elsewhere fails there too: decided over the whole document, after the fragments.
    const computations = flagRestatedSlips(found);
    prune(this.computeCache, run, fragments.length);
    this.previous = {
      text: contextText,
      fragments: new Map(kept.map((k, i) => [fragments[i].contentOffset, k])),
      settings,
      facts: ctx.facts,
      assignments: ctx.assignments,
      globalKey,
    };

    const annotations: Annotation[] = contentIds([
      ...lint.map((issue) => lintAnnotation(issue, input.text, steps)),
      ...computations.map((c) => computationAnnotation(c, input.text)).filter((a): a is Annotation => a !== null),
    ]);
    return {
      lint,
      computations,
      annotations,
      stats: { fragments: fragments.length, lintParsed, computeChecked, settingsRead, ms: performance.now() - started },
    };
  }
}

/**
 * How far before a fragment (`valuesNear`: 400 characters back to a `Let $n = 5$`, whose own sentence
 * reaches 240 further) and after it (its sentence) its reading and setting may look.
 */
const READ_BEHIND = 400 + READ_AROUND + 60;
const READ_AHEAD = READ_AROUND + 60;

/** A fragment as it stood at the previous check: its reading is valid while `shape.key` and the text around it are unchanged. */
interface KeptFragment {
  shape: { from: number; to: number; key: string };
  reading: FragmentReading;
  /** Its lint cache key and the macros it was made with. */
  lint?: { key: string; macrosKey: string };
}

interface KeptSetting {
  setting: FragmentSetting;
  /** The computation cache key it was last checked under (the same string object: its hash is kept). */
  key?: string;
  /** The names it is written with (`fragmentNames`): the letters a changed fact must mention to concern it. */
  names: ReadonlySet<string>;
}

interface PreviousCheck {
  text: string;
  fragments: Map<number, KeptFragment>;
  settings: Map<number, KeptSetting>;
  facts: readonly ContextFact[];
  assignments: readonly Assignment[];
  globalKey: string;
}

/** The stretch a fragment covers (delimiters included) and what identifies it apart from its place. */
function fragmentShape(f: CheckFragment): KeptFragment['shape'] {
  const end = f.contentOffset + f.tex.length;
  const from = Math.min(f.contentOffset, f.range?.start ?? f.contentOffset);
  const to = Math.max(end, f.range?.end ?? end);
  const range = f.range ? `${f.range.start - f.contentOffset},${f.range.end - f.contentOffset}` : '';
  return { from, to, key: `${f.display}\u0000${f.env ?? ''}\u0000${range}\u0000${f.tex}` };
}

/**
 * A fragment's finding (ranges from the fragment start) at its place in the document. Written out
 * field by field in the order `checkFragmentComputations` gives them: a spread of these objects of
 * varying shapes was a measurable share of each keystroke's re-check.
 */
function placeFinding(finding: FragmentFinding, by: number, stepId: string | null | undefined, steps: readonly StepSpan[]): FragmentFinding {
  const start = finding.range.start + by;
  const end = finding.range.end + by;
  const placed: FragmentFinding = {
    id: `check:calc:${start}-${end}`,
    stepId: stepId ?? stepOf(steps, start),
    op: finding.op,
    left: finding.left,
    right: finding.right,
    range: { start, end },
    status: finding.status,
    points: finding.points,
    counterexample: finding.counterexample,
    reason: finding.reason,
    message: finding.message,
  };
  if (finding.hypotheses) placed.hypotheses = finding.hypotheses;
  if (finding.ifClaimed) placed.ifClaimed = finding.ifClaimed;
  return placed;
}

/** `<!-- … -->` replaced by spaces (line breaks kept), so offsets stay those of the document. */
function blankHtmlComments(text: string): string {
  return text.includes('<!--') ? text.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' ')) : text;
}

/** A line over MAX_CHECKED_LINE_CHARS: where it is, and the length of its first words (what its note underlines). */
interface LongLine {
  start: number;
  end: number;
  opening: number;
}

/** The lines of `text` longer than MAX_CHECKED_LINE_CHARS (surrounding spaces aside): one linear scan. */
function linesTooLong(text: string): LongLine[] {
  if (text.length <= MAX_CHECKED_LINE_CHARS) return [];
  const out: LongLine[] = [];
  for (let start = 0; start < text.length; ) {
    const next = text.indexOf('\n', start);
    let end = next < 0 ? text.length : next;
    let from = start;
    if (end - from > MAX_CHECKED_LINE_CHARS) {
      while (from < end && /\s/.test(text[from])) from++;
      while (end > from && /\s/.test(text[end - 1])) end--;
      // Its first 40 characters: a note underlining 2 MB would be drawn over the whole line.
      if (end - from > MAX_CHECKED_LINE_CHARS) out.push({ start: from, end, opening: Math.min(40, end - from) });
    }
    start = next < 0 ? text.length : next + 1;
  }
  return out;
}

/** The parts of `range` outside every line of `long`. */
function outsideLines(range: { start: number; end: number }, long: readonly LongLine[]): { start: number; end: number }[] {
  let parts = [range];
  for (const p of long) parts = parts.flatMap((r) => (r.end <= p.start || r.start >= p.end ? [r] : [{ start: r.start, end: p.start }, { start: p.end, end: r.end }].filter((x) => x.end > x.start)));
  return parts;
}

/**
 * `text` with the lines of `long` blanked (same length: offsets hold) as lines holding a full stop:
 * sentences that end at once. Not spaces nor bare line breaks: the context's regular expressions try
 * `\s*` at each position of a whitespace run (`(?:^|\n)\s*Otherwise` in caseBoundaries, 36 s on a 110 KB
 * run); here every run is one character long.
 */
function blankLines(text: string, long: readonly LongLine[]): string {
  if (!long.length) return text;
  let out = '';
  let at = 0;
  for (const p of long) {
    const length = p.end - p.start;
    out += text.slice(at, p.start) + '.\n'.repeat(length >> 1) + (length % 2 ? '\n' : '');
    at = p.end;
  }
  return out + text.slice(at);
}

/** Drops entries the last run did not use, once the cache holds many more than the document needs. */
function prune<T>(cache: Map<string, { value: T; run: number }>, run: number, needed: number): void {
  if (cache.size <= 2 * needed + 64) return;
  for (const [key, entry] of cache) if (entry.run !== run) cache.delete(key);
}

function stepOf(steps: readonly StepSpan[], offset: number): string | null {
  for (const s of steps) if (offset >= s.start && offset < s.end) return s.id;
  return null;
}
