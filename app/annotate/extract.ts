// The grammar-constrained extraction pass (DESIGN.md §3): when an analysis cites neither labels nor
// locatable quotes, a short second call turns it into `{step, severity, message, quote}` items. The
// backend constrains decoding to the JSON schema where it can; the output is still untrusted text,
// so it is parsed and validated here and anything malformed yields no findings rather than an error.
import { z } from 'zod';
import type { Finding } from '../common/annotations';
import type { ProofDocument } from '../common/proof';
import { isCompleted, type ChatMessage, type ModelBackend } from '../models/backend';
import { stepForLabel } from './place';

const EXTRACT_SEVERITIES = ['critical', 'gap', 'minor', 'note'] as const;

/** How much of each step the prompt shows: enough to recognise it, short enough for small contexts. */
const STEP_PREVIEW_CHARS = 160;
const MAX_FINDINGS = 32;
const MAX_TOKENS = 1024;

const ExtractedFinding = z.object({
  step: z.string().nullable().optional(),
  severity: z.enum(EXTRACT_SEVERITIES),
  message: z.string().trim().min(1),
  quote: z.string().nullable().optional(),
});
const Envelope = z.object({ findings: z.array(z.unknown()) });

/** JSON schema for `{findings: [...]}`, in the subset grammar-constrained decoders support. */
export function extractionSchema(doc: ProofDocument): Record<string, unknown> {
  const labels = doc.steps.map((s) => s.label);
  return {
    type: 'object',
    properties: {
      findings: {
        type: 'array',
        maxItems: MAX_FINDINGS,
        items: {
          type: 'object',
          properties: {
            step: { enum: [...labels, null] },
            severity: { enum: [...EXTRACT_SEVERITIES] },
            message: { type: 'string' },
            quote: { type: ['string', 'null'] },
          },
          required: ['step', 'severity', 'message', 'quote'],
          additionalProperties: false,
        },
      },
    },
    required: ['findings'],
    additionalProperties: false,
  };
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > STEP_PREVIEW_CHARS ? `${flat.slice(0, STEP_PREVIEW_CHARS)}…` : flat;
}

export function buildExtractionMessages(analysis: string, doc: ProofDocument): ChatMessage[] {
  const steps = doc.steps.map((s) => `[${s.label}] ${preview(s.text)}`).join('\n');
  return [
    {
      role: 'system',
      content:
        'You turn a proof verifier\'s analysis into a JSON list of findings. Report only problems the analysis ' +
        'states; do not add your own. Answer with JSON only.',
    },
    {
      role: 'user',
      content: [
        'Proof steps:',
        steps,
        '',
        'Verifier analysis:',
        analysis.trim(),
        '',
        'For each problem the analysis reports, give: "step" (the label of the step it concerns, or null), ' +
          '"severity" ("critical": breaks the argument; "gap": a missing justification; "minor": a small error ' +
          'or omission; "note": a remark), "message" (one sentence), and "quote" (a short exact quote of the ' +
          'proof text, or null). If it reports no problem, answer {"findings": []}.',
      ].join('\n'),
    },
  ];
}

/** The JSON object in a model answer: the whole text, else the outermost {...} (fences, chatter). */
function parseJsonObject(text: string): unknown {
  const attempts = [text.trim()];
  const open = text.indexOf('{');
  const close = text.lastIndexOf('}');
  if (open >= 0 && close > open) attempts.push(text.slice(open, close + 1));
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt);
    } catch {
      // try the next form
    }
  }
  return undefined;
}

/** Findings from an extraction answer; malformed answers or items are dropped, never thrown. */
export function parseExtraction(text: string, doc: ProofDocument): Finding[] {
  const envelope = Envelope.safeParse(parseJsonObject(text));
  if (!envelope.success) return [];
  const findings: Finding[] = [];
  for (const item of envelope.data.findings.slice(0, MAX_FINDINGS)) {
    const parsed = ExtractedFinding.safeParse(item);
    if (!parsed.success) continue;
    const { step, severity, message, quote } = parsed.data;
    const finding: Finding = { severity, message };
    const target = step ? stepForLabel(doc, step) : undefined;
    if (target) finding.stepLabel = target.label;
    if (quote && quote.trim()) finding.quote = quote.trim();
    findings.push(finding);
  }
  return findings;
}

/**
 * Run the extraction pass. Model garbage gives `[]`; errors of the backend itself (cancellation, a
 * lost connection) propagate, so the caller can tell "nothing found" from "could not ask".
 */
export async function extractFindings(analysis: string, doc: ProofDocument, backend: ModelBackend, signal?: AbortSignal): Promise<Finding[]> {
  if (!analysis.trim() || doc.steps.length === 0) return [];
  const result = await backend.generate({
    messages: buildExtractionMessages(analysis, doc),
    role: 'extract',
    maxTokens: MAX_TOKENS,
    temperature: 0,
    topP: 1,
    jsonSchema: extractionSchema(doc),
    signal,
  });
  // A cut-off, cancelled or server-ended answer is no answer (its JSON may be half written).
  if (!isCompleted(result.finishReason)) return [];
  return parseExtraction(result.text, doc);
}
