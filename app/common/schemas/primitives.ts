// Building blocks of the contract's schemas: integer kinds, ids, client paths, and `method()` (the
// argument tuple and result schema of one remote function). Pure TypeScript, runs everywhere.
import { z } from 'zod';

export const int = z.number().int();
export const nonNegInt = int.nonnegative();

/**
 * A path the client may name: workspace-relative (`proofs/a.md`), or an absolute path the shell
 * granted from a native dialog. The engine confines every path it is given (see app/engine/paths).
 */
export const ClientPathSchema = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains a NUL byte');
/** Ids the engine hands out (documents, runs, pulls, recovery copies). */
export const IdSchema = z.string().min(1).max(200);

/** A text range argument `{ start, end }` in UTF-16 offsets (end ≥ start). */
export const RangeArg = z
  .strictObject({ start: nonNegInt, end: nonNegInt })
  .refine((r) => r.end >= r.start, 'range end must not be before its start');

/** Schemas of one remote function: its positional arguments and its result. */
export interface MethodSchema {
  args: z.ZodTuple;
  result: z.ZodType;
}

/** One remote function's schemas: positional argument tuple and result. */
export const method = <A extends z.ZodTuple, R extends z.ZodType>(args: A, result: R) => ({ args, result });
/** No arguments. */
export const none = z.tuple([]);
/** The `{ ok: true }` acknowledgement. */
export const ok = z.looseObject({ ok: z.literal(true) });
export const DocIdArg = z.strictObject({ docId: IdSchema });
