// Verification: m verifier samples of one proof (issued concurrently), each parsed and its findings
// placed on steps; optional meta-verification of each analysis; mean score and per-step consensus.
import type { Annotation, MetaVerdict } from '../common/annotations';
import type { ProofDocument } from '../common/proof';
import type { SourceRange } from '../common/text';
import type { EarlyStopOutcome, ParsedVerification, Score, VerificationSample, VerifyResult } from '../common/results';
import { earlyStopDecision, type EarlyStopRule } from '../common/search';
import { hashText } from '../store';
import type { LoopContext } from './context';
import {
  buildMetaVerifyPrompt,
  buildGradePrompt,
  buildVerifyPrompt,
  extractFindings,
  parseGrading,
  type BuiltPrompt,
  type GradingInput,
  parseMetaFindingVerdicts,
  parseMetaVerification,
  parseVerification,
  type MetaFindingVerdict,
  placeFindings,
  splitThink,
  unplacedVerdict,
  stepConsensus,
} from './deps';
import { RunSession, answered, runSession, type ResumeFrom } from './session';

export interface VerifyInput {
  problem: string;
  doc: ProofDocument;
  /** m: verifier samples. */
  samples: number;
  /** Meta-verify each parsed analysis that has findings or a score below 1. */
  meta: boolean;
  /** Deterministic checker results shown to the verifier. */
  evidence?: string | string[];
  /** Recorded in the run header (the document's path in the workspace), if known. */
  documentPath?: string;
  /**
   * The early-stopping rule: samples are then issued one after another (each decision needs the
   * verdicts before it) and stop once the rule decides; the result says what it decided and saved.
   */
  earlyStop?: EarlyStopRule;
  /** Grade against a reference solution and a marking scheme (the `grade` template): each sample also gives points. */
  grading?: GradingInput;
  /**
   * Verifying a selection: `doc` is then the excerpt. The range and the whole text's hash go in the
   * run header, and the result is moved onto the whole document before it is recorded or announced.
   */
  selection?: { range: SourceRange; documentText: string; toDocument: (result: VerifyResult) => VerifyResult };
}

/** What verifying one proof produced, before it is wrapped into a VerifyResult or a Candidate. */
export interface Verification {
  samples: VerificationSample[];
  score: number | null;
  spread: VerifyResult['spread'];
  parsedSamples: number;
  earlyStop?: EarlyStopOutcome;
  points?: VerifyResult['points'];
}

/**
 * A meta score is a verdict on the whole analysis, so it applies to all of that sample's annotations
 * that no per-defect line names: 1 → confirmed, 0 → disputed. ½ means "some claimed defects are wrong,
 * or the score/wording is off" without saying which, so those stay 'unchecked' (the sample keeps its
 * meta score).
 */
export function verdictForMetaScore(score: Score | null): MetaVerdict {
  if (score === 1) return 'confirmed';
  if (score === 0) return 'disputed';
  return 'unchecked';
}

/**
 * The verdict for one annotation: a per-defect line of the meta-verifier (`[S8] confirmed: …` or a quote)
 * that names the annotation's step or quote wins; otherwise the meta score decides for the whole analysis.
 */
export function verdictForAnnotation(annotation: Annotation, stepLabel: string | undefined, perDefect: MetaFindingVerdict[], score: Score | null): MetaVerdict {
  const named = perDefect.find(
    (v) =>
      (v.stepLabel !== undefined && v.stepLabel === stepLabel) ||
      (v.quote !== undefined && annotation.quote !== undefined && (annotation.quote.includes(v.quote) || v.quote.includes(annotation.quote))),
  );
  return named ? named.verdict : verdictForMetaScore(score);
}

export async function verifyInSession(
  session: RunSession,
  input: Omit<VerifyInput, 'documentPath'> & { proof?: string; candidateId?: string; round?: number },
): Promise<Verification> {
  const { ctx } = session;
  const proof = input.proof ?? input.doc.text;
  const promptInput = { problem: input.problem, proof, doc: input.doc, evidence: input.evidence };
  const prompt = input.grading ? buildGradePrompt(ctx.templates, ctx.profile, { ...promptInput, ...input.grading }) : buildVerifyPrompt(ctx.templates, ctx.profile, promptInput);
  const withPoints = (v: Verification): Verification => (input.grading ? { ...v, points: meanPoints(v.samples, input.grading.points) } : v);
  if (!input.earlyStop) {
    const samples = await Promise.all(
      Array.from({ length: input.samples }, (_, index) => verifySample(session, input, proof, prompt, index)),
    );
    return withPoints(summarise(samples));
  }
  const samples: VerificationSample[] = [];
  let decision: EarlyStopOutcome['decision'] = null;
  while (samples.length < input.samples && decision === null && !session.cancelled) {
    samples.push(await verifySample(session, input, proof, prompt, samples.length));
    decision = earlyStopDecision(samples.map((s) => (s.status === 'parsed' ? s.score : null)), input.earlyStop);
  }
  const callsSaved = input.samples - samples.length;
  // The verifications not issued (and the meta-verifications that would have followed them).
  if (!session.cancelled) session.replan(-callsSaved * (input.meta ? 2 : 1));
  return { ...withPoints(summarise(samples)), earlyStop: { decision, callsSaved: session.cancelled ? 0 : callsSaved } };
}

/** Mean points over the samples that gave a verdict (a sample without one is not 0 points). */
function meanPoints(samples: VerificationSample[], max: number): VerifyResult['points'] {
  const points = samples.filter((s) => s.status === 'parsed' && typeof s.points === 'number').map((s) => s.points as number);
  return { max, mean: points.length ? points.reduce((a, b) => a + b, 0) / points.length : null };
}

async function verifySample(
  session: RunSession,
  input: Parameters<typeof verifyInSession>[1],
  proof: string,
  prompt: BuiltPrompt,
  index: number,
): Promise<VerificationSample> {
  const { ctx } = session;
  const outcome = await session.call({
    role: 'verify',
    messages: prompt.messages,
    templateId: prompt.templateId,
    templateHash: prompt.templateHash,
    promptHash: prompt.promptHash,
    sharedPrefixKey: prompt.promptHash,
    sample: index,
    candidateId: input.candidateId,
    round: input.round,
    seedOffset: index,
    parse: (result) => {
      const value: ParsedVerification & { points?: number | null } = input.grading
        ? parseGrading(result.text, result.finishReason, ctx.profile, input.grading.points)
        : parseVerification(result.text, result.finishReason, ctx.profile);
      return { status: value.status, score: value.score, reason: value.reason, value };
    },
  });
  if (!answered(outcome)) {
    if (input.meta) session.replan(-1);
    return { index, callId: outcome.callId, status: outcome.status, reason: outcome.error, score: null, analysis: outcome.result?.text ?? '', annotations: [] };
  }
  const parsed = outcome.parsed.value;
  const sample: VerificationSample = {
    index,
    callId: outcome.callId,
    status: parsed.status,
    reason: parsed.reason,
    score: parsed.score,
    analysis: parsed.analysis,
    annotations: [],
    ...(input.grading ? { points: parsed.points ?? null } : {}),
  };
  // An unparsed response is not a verdict: its findings are not placed either.
  if (parsed.status !== 'parsed') {
    if (input.meta) session.replan(-1);
    return sample;
  }
  let findings = parsed.findings;
  const extracted = findings.length === 0 && parsed.score !== 1 && Boolean(ctx.extractFindings);
  if (extracted) {
    const extractor = session.backendFor('extract', { sample: index, candidateId: input.candidateId, round: input.round });
    session.replan(1);
    findings = await extractFindings(parsed.analysis, input.doc, extractor, session.signal).catch(() => []);
  }
  const provenance = { source: 'verifier', runId: session.runId, callId: outcome.callId, sample: index, model: session.model, verdict: 'unchecked' } as const;
  // Findings from the extraction pass say so (mappedBy 'extraction'), whatever located them.
  sample.annotations = placeFindings(findings, input.doc, provenance, { extracted });
  // A verdict below 1 says there is a defect: when the analysis gave none to place, the sample still
  // says so at document level (rev19 F4: "No problems" beside a score of 0.5).
  if (sample.annotations.length === 0 && parsed.score !== null && parsed.score < 1) {
    sample.annotations = [unplacedVerdict(parsed.score, parsed.analysis, provenance)];
  }

  if (!input.meta) return sample;
  if (sample.annotations.length === 0 && parsed.score === 1) {
    session.replan(-1);
    return sample;
  }
  const metaPrompt = buildMetaVerifyPrompt(ctx.templates, ctx.profile, {
    problem: input.problem,
    proof,
    analysis: splitThink(outcome.result.text).answer,
    doc: input.doc,
  });
  const meta = await session.call({
    role: 'meta-verify',
    messages: metaPrompt.messages,
    templateId: metaPrompt.templateId,
    templateHash: metaPrompt.templateHash,
    promptHash: metaPrompt.promptHash,
    sample: index,
    candidateId: input.candidateId,
    round: input.round,
    seedOffset: index,
    parse: (result) => {
      const value = parseMetaVerification(result.text, result.finishReason);
      return { status: value.status, score: value.score, reason: value.reason, value };
    },
  });
  if (!answered(meta)) {
    sample.meta = { callId: meta.callId, status: meta.status, score: null, analysis: '' };
    return sample;
  }
  const metaParsed = meta.parsed.value;
  sample.meta = { callId: meta.callId, status: metaParsed.status, score: metaParsed.score, analysis: metaParsed.analysis };
  if (metaParsed.status !== 'parsed') return sample;
  const perDefect = parseMetaFindingVerdicts(metaParsed.analysis);
  const labelOf = (stepId: string | null) => input.doc.steps.find((s) => s.id === stepId)?.label;
  sample.annotations = sample.annotations.map(
    (a): Annotation => ({ ...a, provenance: { ...a.provenance, verdict: verdictForAnnotation(a, labelOf(a.stepId), perDefect, metaParsed.score) } }),
  );
  return sample;
}

/** Mean and spread over parsed samples only: an unparsed, failed or cancelled sample is never a pass. */
export function summarise(samples: VerificationSample[]): Verification {
  const scores = samples.filter((s) => s.status === 'parsed' && s.score !== null).map((s) => s.score as number);
  if (scores.length === 0) return { samples, score: null, spread: null, parsedSamples: 0 };
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const variance = scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length;
  return {
    samples,
    score: mean,
    spread: { min: Math.min(...scores), max: Math.max(...scores), stdev: Math.sqrt(variance) },
    parsedSamples: scores.length,
  };
}

/** A proof passes when every one of the m samples was parsed and scored 1. */
export function passesAll(samples: VerificationSample[], m: number): boolean {
  return samples.length === m && m > 0 && samples.every((s) => s.status === 'parsed' && s.score === 1);
}

/**
 * Verify one proof m times. With `resume` (RunStore.reopenRun of an unfinished verify run of the
 * same proof and settings) the run continues in its own record, re-using every finished sample.
 */
export async function runVerify(ctx: LoopContext, input: VerifyInput, resume?: ResumeFrom): Promise<VerifyResult> {
  if (!Number.isInteger(input.samples) || input.samples < 1) throw new RangeError(`samples must be a positive integer (got ${input.samples})`);
  const session = await RunSession.start(
    ctx,
    'verify',
    {
      params: {
        samples: input.samples,
        meta: input.meta,
        concurrency: ctx.concurrency,
        sampling: ctx.sampling,
        extractFindings: ctx.extractFindings ?? false,
        // The checker's evidence changes the prompt, so it is part of what makes two runs comparable.
        evidence: Boolean(input.evidence?.length),
        ...(input.earlyStop ? { earlyStop: input.earlyStop } : {}),
        // The reference and scheme change the prompt; kept whole so the run can be resumed.
        ...(input.grading ? { grading: input.grading } : {}),
        ...(input.selection ? { selection: { start: input.selection.range.start, end: input.selection.range.end } } : {}),
      },
      document: { path: input.documentPath, hash: hashText(input.selection?.documentText ?? input.doc.text) },
      problemHash: hashText(input.problem),
      problem: input.problem,
    },
    input.samples * (input.meta ? 2 : 1),
    resume,
  );
  return runSession(
    session,
    async (): Promise<VerifyResult> => {
      const verification = await verifyInSession(session, input);
      const steps = stepConsensus(input.doc, verification.samples);
      const documentAnnotations = verification.samples.flatMap((s) => s.annotations.filter((a) => a.stepId === null));
      const result: VerifyResult = { runId: session.runId, ...verification, steps, documentAnnotations };
      const verified = input.selection ? input.selection.toDocument(result) : result;
      return { ...verified, text: input.selection?.documentText ?? input.doc.text };
    },
    (result) => ({ score: result.score, event: { verify: result } }),
  );
}
