// Reports: the self-contained HTML report of one verify run (the same one the CLI writes).
import { z } from 'zod';
import { ClientPathSchema, IdSchema, method, type MethodSchema } from './primitives';

export const reportMethods = {
  exportReport: method(
    z.tuple([z.strictObject({ docId: IdSchema, runId: IdSchema, path: ClientPathSchema.optional() })]),
    z.looseObject({ html: z.string(), path: z.string().optional() }),
  ),
} satisfies Record<string, MethodSchema>;
