// Batch verification: many proofs through the same loop, a bounded number at a time. Resumable: a
// proof whose identical verification (same text, problem, model, profile and settings) already
// completed in this workspace is read back from its run record instead of being verified again, so an
// interrupted batch picks up where it stopped. Within one batch, identical submissions are verified
// once: the first in the order given, the others take its result (`reusedFrom` names it), as a rerun
// would read it back. "Identical" sets aside line endings, whitespace at line ends and blank lines
// around the text (app/common/ranking.ts normalisedProof): such a copy takes the first's findings placed
// on its own text (app/batch/copies.ts), or is verified itself when they cannot be placed exactly.
import type { ProofDocument } from '../common/proof';
import type { EarlyStopRule } from '../common/search';
import type { VerifyResult } from '../common/results';
import { createLimiter, runVerify, type LoopContext, type Sampling } from '../loop';
import { buildGradePrompt, buildVerifyPrompt, type GradingInput } from '../prompts';
import type { RunStore } from '../store';
import { hashText } from '../store';
import { normalisedProof } from '../common/ranking';
import { mapVerification } from './copies';

export interface BatchItem {
  /** Display name (the path as the user gave it, relative to where the command ran). */
  name: string;
  doc: ProofDocument;
  problem: string;
  /** Grade against a reference solution and marking scheme (eval datasets that have them). */
  grading?: GradingInput;
}

export interface BatchEntry {
  name: string;
  doc: ProofDocument;
  problem: string;
  result: VerifyResult | null;
  /** True when the result came from an earlier run's record. */
  reused: boolean;
  /**
   * The file the reused run verified, when it was not this one: the same text under another name (two
   * identical submissions). Its record (the result's `runId`) names that file, so the reader is told.
   */
  reusedFrom?: string;
  /**
   * The copy's text differs from `reusedFrom`'s in line endings, whitespace at line ends or blank lines
   * around it: the findings were placed on this text (their offsets, steps and lines are its own).
   */
  reusedMapped?: boolean;
  error?: string;
}

export interface BatchProgress {
  done: number;
  total: number;
  reused: number;
  failed: number;
  /** Milliseconds left, estimated from the proofs verified so far in this batch; null until one finished. */
  etaMs: number | null;
  last?: string;
}

export interface BatchOptions {
  /** The loop context; its store is required (resuming reads from it). */
  ctx: LoopContext & { store: RunStore };
  samples: number;
  meta: boolean;
  /** Proofs verified at once (each also issues its samples concurrently through ctx.concurrency). */
  jobs: number;
  /** Verify every proof again, ignoring completed runs in the store. */
  fresh?: boolean;
  /** Evidence for the verifier prompt per proof (the deterministic checker's findings), if wanted. */
  evidence?: (doc: ProofDocument) => string;
  /**
   * Stop verifying each proof early (accept after k consecutive passes, reject after j failures);
   * the proof's samples are then issued one after another, proofs still `jobs` at a time.
   */
  earlyStop?: EarlyStopRule;
  onProgress?: (progress: BatchProgress) => void;
}

export interface BatchOutcome {
  entries: BatchEntry[];
  cancelled: boolean;
  /**
   * With early stopping: the verifications it saved over the proofs verified in this batch (proofs
   * read back from an earlier run are not counted: nothing was issued for them this time).
   */
  callsSaved?: number;
}

interface VerificationIdentity {
  spec: string;
  profile: string | undefined;
  samples: number;
  meta: boolean;
  extractFindings: boolean;
  evidence: boolean;
  sampling: Sampling;
  docHash: string;
  problemHash: string;
  /** hashText of the grading input's JSON ('' without one): a graded run is not an ungraded one. */
  gradingHash: string;
  /** An early-stopped run has fewer samples than a full one: not interchangeable, nor are two rules. */
  earlyStop: EarlyStopRule | undefined;
  /**
   * The verify (or grade) prompt's template hash: edited templates (`--templates`, a workspace override)
   * ask the model something else, so an earlier answer to the old prompt does not stand for the new one.
   */
  templateHash: string;
}

/** What makes two verifications interchangeable. Concurrency is not part of it: it changes speed, not results. */
function keyOf(v: VerificationIdentity): string {
  const { temperature, topP, maxTokens, seed } = v.sampling;
  const early = v.earlyStop ? [v.earlyStop.accept, v.earlyStop.reject] : null;
  return JSON.stringify([v.spec, v.profile ?? null, v.samples, v.meta, v.extractFindings, v.evidence, temperature, topP, maxTokens, seed ?? null, v.docHash, v.problemHash, v.gradingHash, early, v.templateHash]);
}

/** A completed verification and the file it verified (as the batch named it). */
interface EarlierRun {
  path: string | undefined;
  result: VerifyResult;
}

/** Completed verify runs in the store, by verification key, newest first. */
async function completedVerifications(store: RunStore): Promise<Map<string, EarlierRun[]>> {
  const found = new Map<string, EarlierRun[]>();
  const listings = (await store.listRuns()).filter((r) => r.kind === 'verify' && r.status === 'completed');
  for (const listing of listings.reverse()) {
    const run = await store.loadRun(listing.runId).catch(() => null);
    const result = run?.summary?.result as VerifyResult | undefined;
    const h = run?.header;
    if (!h || !result || !h.document?.hash || !h.problemHash) continue;
    // A run whose calls failed (server down, refused, dropped) or were cancelled by the server finished
    // without those verdicts: reading it back would freeze an outage's no-verdicts into every rerun, so
    // the proof is verified again. Answers the model completed (even cut off or unscored) stand.
    if (!reusable(result)) continue;
    const p = h.params as { samples?: number; meta?: boolean; extractFindings?: boolean; evidence?: boolean; sampling?: Sampling; grading?: GradingInput; earlyStop?: EarlyStopRule };
    if (typeof p.samples !== 'number' || !p.sampling) continue;
    const key = keyOf({
        spec: h.backend.spec,
        profile: h.profile,
        samples: p.samples,
        meta: p.meta ?? false,
        extractFindings: p.extractFindings ?? false,
        evidence: p.evidence ?? false,
        sampling: p.sampling,
        docHash: h.document.hash,
        problemHash: h.problemHash,
        gradingHash: gradingHash(p.grading),
        earlyStop: p.earlyStop,
        // Records written before calls kept it have none: they never match, so the proof is verified again.
        templateHash: run.calls.find((c) => c.role === 'verify')?.templateHash ?? '',
    });
    found.set(key, [{ path: h.document.path, result }, ...(found.get(key) ?? [])]);
  }
  return found;
}

/**
 * Which earlier run stands for `name`: its own file's newest, else the newest of the same text under
 * another name. Each file keeps its own record on a rerun (two identical submissions verified apart, by
 * an older version or in two batches, stay two), and a text seen only under another name is still not
 * verified again.
 */
function earlierFor(runs: EarlierRun[] | undefined, name: string): { result: VerifyResult; reusedFrom?: string } | undefined {
  if (!runs?.length) return undefined;
  const own = runs.find((r) => r.path === name);
  if (own) return { result: own.result };
  const other = runs[0];
  return { result: other.result, ...(other.path !== undefined ? { reusedFrom: other.path } : {}) };
}

/** Whether a finished verification can stand for a new one: every sample (and meta-verification) was answered. */
function reusable(result: VerifyResult): boolean {
  const unanswered = (status: string) => status === 'failed' || status === 'cancelled';
  return result.samples.every((s) => !unanswered(s.status) && !(s.meta && unanswered(s.meta.status)));
}

/** The template hash of the prompt `runVerify` will build for `item` (app/loop/verify.ts builds it the same way). */
function verifyTemplateHash(ctx: LoopContext, item: BatchItem, evidence: string | undefined): string {
  const input = { problem: item.problem, proof: item.doc.text, doc: item.doc, evidence };
  return (item.grading ? buildGradePrompt(ctx.templates, ctx.profile, { ...input, ...item.grading }) : buildVerifyPrompt(ctx.templates, ctx.profile, input)).templateHash;
}

function gradingHash(grading: GradingInput | undefined): string {
  return grading ? hashText(JSON.stringify([grading.reference, grading.rubric, grading.points])) : '';
}

export async function runBatch(items: readonly BatchItem[], options: BatchOptions): Promise<BatchOutcome> {
  const { ctx } = options;
  const previous = options.fresh ? new Map<string, EarlierRun[]>() : await completedVerifications(ctx.store);
  const entries: BatchEntry[] = new Array(items.length);
  const progress: BatchProgress = { done: 0, total: items.length, reused: 0, failed: 0, etaMs: null };
  const started = Date.now();
  let verified = 0;
  const limit = createLimiter(Math.max(1, options.jobs));
  // Identical submissions of this batch (same text as normalisedProof compares it, problem and grading:
  // the rest of the key is the batch's): each after the first waits for it, outside the limiter (it
  // holds no job slot meanwhile), and then takes its result instead of paying for the same verification again.
  const firstWith = new Map<string, number>();
  const twinOf = items.map((item, index) => {
    const text = JSON.stringify([hashText(normalisedProof(item.doc.text)), hashText(item.problem), gradingHash(item.grading)]);
    const first = firstWith.get(text);
    if (first === undefined) firstWith.set(text, index);
    return first;
  });
  // Each proof's key with its text normalised: a copy's equals its first's when the rest of the key does.
  const copyKeys: string[] = new Array(items.length);
  const settled: Promise<void>[] = [];

  const report = (name: string) => {
    progress.last = name;
    const remaining = progress.total - progress.done;
    // Throughput so far (wall time per verified proof, with `jobs` of them in flight) times what is left.
    progress.etaMs = verified > 0 ? Math.round(((Date.now() - started) / verified) * remaining) : null;
    options.onProgress?.({ ...progress });
  };

  const verifyOne = (item: BatchItem, index: number) =>
    limit(async () => {
      const evidence = options.evidence?.(item.doc) || undefined;
      const identity: VerificationIdentity = {
        spec: ctx.backend.info().spec,
        profile: ctx.profile,
        samples: options.samples,
        meta: options.meta,
        extractFindings: ctx.extractFindings ?? false,
        evidence: evidence !== undefined,
        sampling: ctx.sampling,
        docHash: hashText(item.doc.text),
        problemHash: hashText(item.problem),
        gradingHash: gradingHash(item.grading),
        earlyStop: options.earlyStop,
        templateHash: verifyTemplateHash(ctx, item, evidence),
      };
      const key = keyOf(identity);
      copyKeys[index] = keyOf({ ...identity, docHash: hashText(normalisedProof(item.doc.text)) });
      const base = { name: item.name, doc: item.doc, problem: item.problem };
      const earlier = earlierFor(previous.get(key), item.name);
      const twin = twinOf[index];
      const first = twin !== undefined && copyKeys[twin] === copyKeys[index] ? entries[twin] : undefined;
      // The first's verification (verified in this batch, or read back: then of its exact text, as its
      // key says) placed on this copy's text; null when it cannot be placed exactly. The rule for reading
      // a run back holds here too (a verification with failed or cancelled calls is not one to copy).
      const copied = !earlier && first?.result && !first.error && reusable(first.result) ? mapVerification(first.result, first.doc, item.doc) : null;
      if (earlier) {
        entries[index] = { ...base, result: earlier.result, reused: true, ...(earlier.reusedFrom !== undefined ? { reusedFrom: earlier.reusedFrom } : {}) };
        progress.reused++;
      } else if (first && copied) {
        // An exact copy whose first was read back found that record itself (same key): only a copy that
        // differs in whitespace reaches here with a first read back from a record.
        entries[index] = { ...base, result: copied, reused: true, reusedFrom: first.name, ...(first.doc.text !== item.doc.text ? { reusedMapped: true } : {}) };
        progress.reused++;
      } else if (ctx.signal?.aborted) {
        entries[index] = { ...base, result: null, reused: false, error: 'cancelled before it started' };
        return;
      } else {
        try {
          const result = await runVerify(ctx, {
            problem: item.problem,
            doc: item.doc,
            samples: options.samples,
            meta: options.meta,
            evidence,
            documentPath: item.name,
            grading: item.grading,
            earlyStop: options.earlyStop,
          });
          const cancelled = ctx.signal?.aborted ?? false;
          entries[index] = { ...base, result, reused: false, error: cancelled ? 'cancelled' : undefined };
          if (!cancelled) verified++;
        } catch (error) {
          entries[index] = { ...base, result: null, reused: false, error: error instanceof Error ? error.message : String(error) };
          progress.failed++;
        }
      }
      progress.done++;
      report(item.name);
    });
  items.forEach((item, index) => {
    const twin = twinOf[index];
    // A twin's index is lower, so its promise is already in `settled`.
    settled.push(twin === undefined ? verifyOne(item, index) : settled[twin].then(() => verifyOne(item, index)));
  });
  await Promise.all(settled);
  const callsSaved = options.earlyStop ? entries.reduce((n, e) => n + (e.reused ? 0 : (e.result?.earlyStop?.callsSaved ?? 0)), 0) : undefined;
  return { entries, cancelled: ctx.signal?.aborted ?? false, ...(callsSaved !== undefined ? { callsSaved } : {}) };
}
