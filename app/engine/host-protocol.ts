// The control protocol between the engine host and the process that started it (the serve
// supervisor over child_process IPC, Electron main over the utility process's parentPort). Both
// directions are parsed with these schemas at the boundary, never cast: a message of another shape
// (a bug, another version) is reported and dropped instead of half-handled.
import { z } from 'zod';

/** Control messages from the process that started the host (never from a client). */
export const HostControlSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('shutdown') }),
  z.strictObject({ type: z.literal('grant'), path: z.string().min(1).max(4096), id: z.string().max(200).optional() }),
  z.strictObject({ type: z.literal('connect') }),
  // A serve-mode client's connection closed (callers.ts names it): the documents it held are let go.
  z.strictObject({ type: z.literal('disconnected'), client: z.string().min(1).max(200) }),
]);

/** What the host tells its parent. */
export const HostNoticeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), pid: z.number().int() }),
  z.strictObject({ type: z.literal('fatal'), message: z.string() }),
  z.strictObject({ type: z.literal('shutdown-complete') }),
  z.strictObject({ type: z.literal('granted'), id: z.string().optional(), ok: z.boolean() }),
]);

export type HostControl = z.output<typeof HostControlSchema>;
export type HostNotice = z.output<typeof HostNoticeSchema>;

/**
 * Parse one message against a protocol schema: the message, or null after `onInvalid` heard why
 * (the first issue, with its path), so a malformed message is never acted on.
 */
export function parseHostMessage<S extends typeof HostControlSchema | typeof HostNoticeSchema>(
  schema: S,
  message: unknown,
  onInvalid: (reason: string) => void,
): z.output<S> | null {
  const parsed = schema.safeParse(message);
  if (parsed.success) return parsed.data as z.output<S>;
  const issue = parsed.error.issues[0];
  onInvalid(`malformed ${schema === HostControlSchema ? 'control message' : 'engine host notice'}: ${issue.path.join('.') || '(message)'}: ${issue.message}`);
  return null;
}
