// Deterministic checks: the checker's findings for a document (no model involved).
import { z } from 'zod';
import { AnnotationSchema } from './proof';
import { DocIdArg, method, nonNegInt, type MethodSchema } from './primitives';

export const checkMethods = {
  /**
   * The checker's findings for the document as the engine holds it now (`version`: the text they were
   * computed on). Kept apart from the verifier's annotations: neither replaces the other.
   */
  check: method(z.tuple([DocIdArg]), z.looseObject({ annotations: z.array(AnnotationSchema), version: nonNegInt.optional() })),
} satisfies Record<string, MethodSchema>;
