// Schemas of the proof document model and its annotations (mirror app/common/proof.ts, text.ts and
// annotations.ts). Loose objects: additive optional fields that other modules add to the shared
// types pass through instead of being stripped.
import { z } from 'zod';
import type { Annotation, Provenance } from '../annotations';
import type { MathFragment, ProofDocument, Step } from '../proof';
import type { LocatedRange, Position, SourceRange } from '../text';
import { int, nonNegInt } from './primitives';

export const PositionSchema: z.ZodType<Position> = z.looseObject({ line: int.positive(), column: int.positive() });
export const SourceRangeSchema: z.ZodType<SourceRange> = z
  .looseObject({ start: nonNegInt, end: nonNegInt })
  .refine((r) => r.end >= r.start, 'range end must not be before its start');
export const LocatedRangeSchema: z.ZodType<LocatedRange> = z.looseObject({
  start: nonNegInt,
  end: nonNegInt,
  startPos: PositionSchema,
  endPos: PositionSchema,
});
export const TextEditSchema = z
  .strictObject({ start: nonNegInt, end: nonNegInt, text: z.string() })
  .refine((e) => e.end >= e.start, 'edit end must not be before its start');

export const SeveritySchema = z.enum(['critical', 'gap', 'minor', 'note', 'ok']);
export const MetaVerdictSchema = z.enum(['confirmed', 'disputed', 'unchecked']);
export const ScoreSchema = z.union([z.literal(0), z.literal(0.5), z.literal(1)]);
export const CallRoleSchema = z.enum(['verify', 'meta-verify', 'generate', 'refine', 'extract']);
export const DocumentFormatSchema = z.enum(['markdown', 'tex']);

export const ProvenanceSchema: z.ZodType<Provenance> = z.looseObject({
  source: z.enum(['verifier', 'self-evaluation', 'checker']),
  runId: z.string().optional(),
  callId: z.string().optional(),
  sample: nonNegInt.optional(),
  model: z.string().optional(),
  verdict: MetaVerdictSchema,
});

export const AnnotationSchema: z.ZodType<Annotation> = z.looseObject({
  id: z.string(),
  stepId: z.string().nullable(),
  range: SourceRangeSchema.optional(),
  severity: SeveritySchema,
  message: z.string(),
  quote: z.string().optional(),
  quoteNotFound: z.boolean().optional(),
  mappedBy: z.enum(['label', 'quote', 'extraction', 'checker', 'none']),
  provenance: ProvenanceSchema,
  stale: z.boolean().optional(),
});

export const MathFragmentSchema: z.ZodType<MathFragment> = z.looseObject({
  range: SourceRangeSchema,
  contentRange: SourceRangeSchema,
  delimiter: z.enum(['$', '$$', '\\(', '\\[', 'env']),
  display: z.boolean(),
  env: z.string().optional(),
  tex: z.string(),
});

export const StepSchema: z.ZodType<Step> = z.looseObject({
  id: z.string(),
  label: z.string(),
  index: nonNegInt,
  kind: z.enum(['heading', 'paragraph', 'list-item', 'display-math', 'environment', 'code', 'quote', 'other']),
  range: LocatedRangeSchema,
  text: z.string(),
  section: z.string().optional(),
  math: z.array(MathFragmentSchema),
});

export const ProofDocumentSchema: z.ZodType<ProofDocument> = z.looseObject({
  format: DocumentFormatSchema,
  text: z.string(),
  body: SourceRangeSchema,
  steps: z.array(StepSchema),
});

