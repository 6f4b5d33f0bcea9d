// Prompt builders: one per call role. Each renders its template(s) into chat messages and records
// which template (id + hash) and which exact prompt (hash) a call used, for the run record.
import type { ChatMessage } from '../models/backend';
import type { ProofDocument } from '../common/proof';
import { placeholdersOf, renderTemplate, sha256 } from './render';
import { TemplateError } from './templates';
import type { BuiltPrompt, PromptProfile, PromptTemplate, TemplateSet } from './types';

export interface VerifyPromptInput {
  problem: string;
  proof: string;
  /** Required by the labelled profile: its steps are shown to the model as [S1], [S2], … */
  doc?: ProofDocument;
  /** Deterministic checker results to show the verifier (one string per item, or preformatted text). */
  evidence?: string | string[];
}

export interface MetaVerifyPromptInput {
  problem: string;
  proof: string;
  /** The verifier's whole answer after </think>, including its closing score line. */
  analysis: string;
  /** Labelled profile: show the same [S1]… labels the analysis cites. */
  doc?: ProofDocument;
}

export interface RefineCandidate {
  proof: string;
  /** Labelled profile: the parsed candidate, so the proof shows the [S1]… labels its analyses cite. */
  doc?: ProofDocument;
  /** Verifier analyses of this proof (the loop picks them: ≤8, lowest scores first). */
  analyses: string[];
}

export interface ExtractPromptInput {
  proof: string;
  analysis: string;
  problem?: string;
  doc?: ProofDocument;
}

export function buildVerifyPrompt(t: TemplateSet, profile: PromptProfile, input: VerifyPromptInput): BuiltPrompt {
  const proof = profile === 'labelled' ? labelledProof(input.doc, 'verify') : input.proof.trim();
  return build([t.get(profile, 'verify')], {
    problem: input.problem.trim(),
    proof,
    evidence: formatEvidence(input.evidence),
  });
}

/** What grading against a reference adds to a verification (`verify --reference --rubric --points`). */
export interface GradingInput {
  /** The official (reference) solution. */
  reference: string;
  /** The marking scheme (grading guidelines); may be empty when only a reference is known. */
  rubric: string;
  /** The top of the points scale (IMO: 7). */
  points: number;
}

/** The `grade` template: the verify prompt with the reference solution, the marking scheme and the scale. */
export function buildGradePrompt(t: TemplateSet, profile: PromptProfile, input: VerifyPromptInput & GradingInput): BuiltPrompt {
  const proof = profile === 'labelled' ? labelledProof(input.doc, 'grade') : input.proof.trim();
  return build([t.get(profile, 'grade')], {
    problem: input.problem.trim(),
    proof,
    reference: input.reference.trim(),
    rubric: input.rubric.trim() || '(none given: judge completeness and rigour against the reference solution)',
    points: String(input.points),
    evidence: formatEvidence(input.evidence),
  });
}

export function buildMetaVerifyPrompt(t: TemplateSet, profile: PromptProfile, input: MetaVerifyPromptInput): BuiltPrompt {
  const proof = profile === 'labelled' && input.doc ? labelledProof(input.doc, 'meta-verify') : input.proof.trim();
  return build([t.get(profile, 'meta-verify')], {
    problem: input.problem.trim(),
    proof,
    analysis: input.analysis.trim(),
  });
}

export function buildGeneratePrompt(t: TemplateSet, profile: PromptProfile, input: { problem: string }): BuiltPrompt {
  return build([t.get(profile, 'generate')], { problem: input.problem.trim() });
}

/** The generation prompt followed by the candidates, each with its analyses (DESIGN.md §2). */
export function buildRefinePrompt(
  t: TemplateSet,
  profile: PromptProfile,
  input: { problem: string; candidates: RefineCandidate[] },
): BuiltPrompt {
  if (input.candidates.length === 0) throw new TemplateError('buildRefinePrompt: at least one candidate solution is needed');
  const candidates = input.candidates.map((c) =>
    profile === 'labelled' && c.doc ? { ...c, proof: labelledProof(c.doc, 'refine') } : c,
  );
  const values = { problem: input.problem.trim(), candidates: formatCandidates(candidates) };
  const stored = t.get(profile, 'refine');
  // With no analysis at all (a parent never verified, `refine` on an unverified proof) the template's
  // claims about the evaluations would be false: say there is none instead. With analyses the
  // template is used as it is, so the released DeepSeekMath-V2 shape stays byte-identical.
  const unevaluated = candidates.every((c) => c.analyses.length === 0);
  const refine = unevaluated ? { ...stored, body: withoutEvaluationClaims(stored.body) } : stored;
  if (placeholdersOf(refine.body).includes('instruction')) {
    // The released DeepSeekMath-V2 shape: the refine template places the generation prompt itself.
    const generate = t.get(profile, 'generate');
    return build([refine], { ...values, instruction: renderTemplate(generate.body, values) }, refine, sha256(`${generate.hash}\n${stored.hash}`));
  }
  const generate = t.get(profile, 'generate');
  return build([generate, refine], values, refine, sha256([generate.hash, stored.hash].join('\n')));
}

/**
 * The shipped refine templates' sentences that assume evaluations, and what they say instead when no
 * candidate has one. Applied to the template text only (never to the candidates); an override that
 * words it otherwise keeps its wording, and formatCandidates still marks each unevaluated candidate.
 */
const EVALUATION_CLAIMS: ReadonlyArray<readonly [string, string]> = [
  [
    'Each candidate solution is followed by one or more evaluations of it written by graders.',
    'No grader has evaluated them yet.',
  ],
  [
    'Use the evaluations: repair every defect that an evaluation points out correctly, and keep what is sound. Graders can be wrong; if you are sure a criticism is mistaken, you may keep that part, but make its justification explicit.',
    'There are no evaluations to use: check every step yourself, repair every defect you find, and keep what is sound.',
  ],
  ["Here are earlier attempts, each followed by graders' evaluations of it.", 'Here are earlier attempts; no grader has evaluated them yet.'],
  [
    'Fix every defect the evaluations point out correctly; keep the parts that are right.',
    'There are no evaluations yet: check every step yourself, fix every defect you find, and keep the parts that are right.',
  ],
];

function withoutEvaluationClaims(body: string): string {
  return EVALUATION_CLAIMS.reduce((text, [claim, instead]) => text.split(claim).join(instead), body);
}

/** Prompt for the grammar-constrained extraction pass (app/annotate); the labelled template serves both profiles. */
export function buildExtractPrompt(t: TemplateSet, input: ExtractPromptInput): BuiltPrompt {
  const proof = input.doc ? labelledProof(input.doc, 'extract') : input.proof.trim();
  return build([t.get('labelled', 'extract')], {
    problem: input.problem?.trim() ?? '',
    proof,
    analysis: input.analysis.trim(),
  });
}

/** The proof as the labelled profile shows it: each step prefixed by its label; headings unlabelled. */
export function labelledProof(doc: ProofDocument | undefined, role: string): string {
  if (!doc) throw new TemplateError(`The labelled profile needs the parsed proof document (doc) to build a ${role} prompt`);
  return doc.steps
    .map((step) => (step.kind === 'heading' ? step.text.trim() : `[${step.label}] ${step.text.trim()}`))
    .join('\n\n');
}

export function formatCandidates(candidates: RefineCandidate[]): string {
  return candidates
    .map((c, i) => {
      const n = i + 1;
      const analyses = c.analyses.map((a, j) => `#### Evaluation ${j + 1} of candidate solution ${n}\n\n${a.trim()}`);
      // Said under the candidate itself, so it holds whatever the (possibly user's) template claims.
      if (analyses.length === 0) analyses.push(`(No evaluation of candidate solution ${n} has been written yet.)`);
      return [`### Candidate solution ${n}`, c.proof.trim(), ...analyses].join('\n\n');
    })
    .join('\n\n');
}

function formatEvidence(evidence: string | string[] | undefined): string {
  if (evidence === undefined) return '';
  const items = (Array.isArray(evidence) ? evidence : [evidence]).map((e) => e.trim()).filter(Boolean);
  if (items.length === 0) return '';
  const list = Array.isArray(evidence) ? items.map((e) => `- ${e}`).join('\n') : items[0];
  return `Results of automatic (non-model) checks of the solution, for your consideration:\n\n${list}`;
}

/**
 * Render the templates' bodies in order (joined by a blank line) into one user message; the system
 * message comes from the last template that has one. `idFrom` names the call in the record.
 */
function build(templates: PromptTemplate[], values: Record<string, string>, idFrom = templates[0], templateHash?: string): BuiltPrompt {
  const messages: ChatMessage[] = [];
  const system = [...templates].reverse().find((t) => t.system !== undefined)?.system;
  if (system !== undefined && system.trim()) messages.push({ role: 'system', content: renderTemplate(system, values) });
  messages.push({ role: 'user', content: templates.map((t) => renderTemplate(t.body, values)).join('\n\n') });
  return {
    messages,
    templateId: idFrom.id,
    templateHash: templateHash ?? (templates.length === 1 ? templates[0].hash : sha256(templates.map((t) => t.hash).join('\n'))),
    promptHash: sha256(JSON.stringify(messages.map((m) => ({ role: m.role, content: m.content })))),
  };
}
