// The incremental checker: lint and computation checks for a whole document, with per-fragment
// results cached by (TeX, macros) and (TeX, context), so re-checking after an edit only re-parses the
// fragments the edit changed. Document-wide passes (delimiter balance, macro collection, stated
// domains) are linear scans and re-run every time.
import { inCheckRun } from './compute/cache';
import type { Annotation } from '../common/annotations';
import { MathBudget } from '../common/limits';
import type { DocumentFormat, ProofDocument } from '../common/proof';
import { computationAnnotation, lintAnnotation, type StepSpan } from './annotations';
import { checkFragmentComputations, documentContext, fragmentSetting, introducedAsHypothesis } from './compute';
import { lintMath } from './lint/katex';
import { collectMacros } from '../common/tex/macros';
import { mathCommandsInProse } from './lint/prose';
import { scanDocument } from './lint/scan';
import type { CheckFragment, CheckOptions, ComputationFinding, LintIssue } from './types';

/** A document as the checker needs it; `fromProofDocument` builds one from app/proof's model. */
export interface DocumentInput {
  text: string;
  format: DocumentFormat;
  /** Math fragments; when absent, the checker's own scanner finds them. */
  fragments?: CheckFragment[];
  steps?: StepSpan[];
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
  };
}

function isProofDocument(input: DocumentInput | ProofDocument): input is ProofDocument {
  return Array.isArray((input as ProofDocument).steps) && (input as ProofDocument).body !== undefined;
}

function shiftRange<T extends { range: { start: number; end: number } }>(item: T, by: number): T {
  return { ...item, range: { start: item.range.start + by, end: item.range.end + by } };
}

export class Checker {
  // Results relative to the fragment start, with the run that last used them (pruned when unused).
  private lintCache = new Map<string, { value: LintIssue[]; run: number }>();
  private computeCache = new Map<string, { value: ComputationFinding[]; run: number }>();
  private run = 0;
  /** Stated domains change rarely: keys carry a generation number instead of the whole domain table. */
  private domains = { key: '', generation: 0 };

  constructor(private readonly options: CheckOptions = {}) {}

  check(source: DocumentInput | ProofDocument): CheckReport {
    // One run for the shared memo tables: nothing this check uses is evicted before it ends.
    return inCheckRun(() => this.checkOnce(source));
  }

  private checkOnce(source: DocumentInput | ProofDocument): CheckReport {
    const started = performance.now();
    const input = isProofDocument(source) ? fromProofDocument(source) : source;
    const scan = scanDocument(input.text, input.format, { fragments: !input.fragments });
    const fragments = input.fragments ?? scan.fragments;
    const steps = [...(input.steps ?? [])].sort((a, b) => a.start - b.start);
    // The document's own definitions win over the ones passed in (macros.tex, --macros), as in the
    // preview and the report: the author's \newcommand is what the text means.
    const macros = { ...this.options.macros, ...collectMacros(input.text) };
    const macrosKey = JSON.stringify(macros);

    const lint: LintIssue[] = [...scan.issues, ...mathCommandsInProse(input.text, scan.prose)];
    const run = ++this.run;
    let lintParsed = 0;
    // Formulas too deep or too large (app/common/limits.ts) get one warning and no parse or check.
    const budget = new MathBudget(macros);
    for (const f of fragments) {
      const key = `${macrosKey}\u0000${f.display}\u0000${f.env ?? ''}\u0000${f.tex}`;
      let entry = this.lintCache.get(key);
      if (!entry) {
        const reason = budget.check(f.tex);
        entry = { value: reason ? [{ code: 'too-large', level: 'warning', range: { start: 0, end: f.tex.length }, message: reason }] : lintMath(f.tex, 0, f.display, f.env, macros), run };
        this.lintCache.set(key, entry);
        lintParsed++;
      }
      entry.run = run;
      for (const issue of entry.value) lint.push(shiftRange(issue, f.contentOffset));
    }
    prune(this.lintCache, run, fragments.length);
    lint.sort((a, b) => a.range.start - b.range.start);

    // Markdown comments are not read by anyone: their words must not count as the proof's context.
    const contextText = input.format === 'markdown' ? blankHtmlComments(input.text) : input.text;
    const ctx = documentContext(
      contextText,
      fragments.map((f) => ({ tex: f.tex, start: f.contentOffset, end: f.contentOffset + f.tex.length, display: f.display })),
      (f) => introducedAsHypothesis(contextText, f.start, f.end),
    );
    const domainsJson = JSON.stringify([[...ctx.domains].sort(([a], [b]) => (a < b ? -1 : 1)), ctx.relations]);
    if (domainsJson !== this.domains.key) this.domains = { key: domainsJson, generation: this.domains.generation + 1 };
    const domainsKey = String(this.domains.generation);
    const computations: ComputationFinding[] = [];
    let computeChecked = 0;
    const symbolicDeadline = this.options.symbolic ? started + (this.options.symbolicBudgetMs ?? 10_000) : 0;
    for (const f of fragments) {
      if (!/[=<>]|\\(?:le|ge|ne|lt|gt)/.test(f.tex)) continue;
      if (this.lintCache.get(`${macrosKey}\u0000${f.display}\u0000${f.env ?? ''}\u0000${f.tex}`)?.value.some((i) => i.code === 'too-large')) continue;
      // Past the budget, relations are judged numerically only; a later check can still upgrade them
      // (the key includes the flag, and the simplifier's answers are memoised).
      const symbolic = performance.now() < symbolicDeadline;
      const setting = fragmentSetting(ctx, f);
      const key = `${symbolic}\u0000${domainsKey}\u0000${f.display}\u0000${setting.key}\u0000${f.tex}`;
      let entry = this.computeCache.get(key);
      if (!entry) {
        const value = checkFragmentComputations({ ...f, contentOffset: 0, range: undefined, stepId: null }, setting, {
          symbolic,
          samples: this.options.samples,
        });
        entry = { value, run };
        this.computeCache.set(key, entry);
        computeChecked++;
      }
      entry.run = run;
      for (const finding of entry.value) {
        const shifted = shiftRange(finding, f.contentOffset);
        computations.push({ ...shifted, id: `check:calc:${shifted.range.start}-${shifted.range.end}`, stepId: f.stepId ?? stepOf(steps, shifted.range.start) });
      }
    }
    prune(this.computeCache, run, fragments.length);

    const annotations: Annotation[] = [
      ...lint.map((issue) => lintAnnotation(issue, input.text, steps)),
      ...computations.map((c) => computationAnnotation(c, input.text)).filter((a): a is Annotation => a !== null),
    ];
    return {
      lint,
      computations,
      annotations,
      stats: { fragments: fragments.length, lintParsed, computeChecked, ms: performance.now() - started },
    };
  }
}

/** `<!-- … -->` replaced by spaces (line breaks kept), so offsets stay those of the document. */
function blankHtmlComments(text: string): string {
  return text.includes('<!--') ? text.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' ')) : text;
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
