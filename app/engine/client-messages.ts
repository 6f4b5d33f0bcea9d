// The first thing that touches a client's WebSocket message in serve mode: size, nesting depth and
// envelope shape are checked here, before JSON.parse, the supervisor or the engine see it. Anything
// that fails is refused with a reason; nothing a client sends can throw in a socket listener.
// The envelope is birpc's request shape (node_modules/birpc): { t: 'q', m: method, a: args[], i?: id, o?: true }.

/** Largest text message a client may send (bytes). The biggest real call is saveDocument of a document
 *  at the document size limit (app/common/limits.ts), JSON-escaped: well under this. */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Deepest array/object nesting a client message may have. Real calls nest fewer than 10 levels. */
export const MAX_CLIENT_MESSAGE_DEPTH = 64;

/** Longest request id a client may use (birpc's ids are 21 characters). */
const MAX_ID_LENGTH = 128;

/** A request that passed the checks: relay it. */
export interface ClientRequest {
  t: 'q';
  m: string;
  a: unknown[];
  /** Absent for fire-and-forget calls. */
  i?: string;
  o?: boolean;
}

export type ClientMessageCheck =
  | { ok: true; request: ClientRequest }
  /** `id` is set when the message carried a usable request id, so the refusal can be answered on it. */
  | { ok: false; reason: string; id?: string };

/**
 * Deepest bracket nesting of a JSON text, by one linear scan that skips string contents, so the depth
 * is known before JSON.parse (or anything recursive: zod, JSON.stringify) builds the value.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (inString) {
      if (c === 0x5c) k++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Check one text message from a client. Returns the parsed request, or why it was refused (the
 * reason is safe to show the client: it names limits, never internals).
 */
export function checkClientMessage(text: string): ClientMessageCheck {
  if (Buffer.byteLength(text, 'utf8') > MAX_CLIENT_MESSAGE_BYTES) {
    return { ok: false, reason: `message larger than ${MAX_CLIENT_MESSAGE_BYTES} bytes` };
  }
  if (jsonNestingDepth(text) > MAX_CLIENT_MESSAGE_DEPTH) {
    return { ok: false, reason: `message nested deeper than ${MAX_CLIENT_MESSAGE_DEPTH} levels` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'message is not valid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'message is not an RPC request object' };
  }
  const msg = value as Record<string, unknown>;
  let id: string | undefined;
  if (msg.i !== undefined) {
    if (typeof msg.i !== 'string' || msg.i.length === 0 || msg.i.length > MAX_ID_LENGTH) {
      return { ok: false, reason: `request id must be a string of 1 to ${MAX_ID_LENGTH} characters` };
    }
    id = msg.i;
  }
  if (msg.t !== 'q') return { ok: false, reason: 'clients may only send requests (t: "q")', id };
  if (typeof msg.m !== 'string' || msg.m.length === 0 || msg.m.length > 100) return { ok: false, reason: 'request has no method name', id };
  if (!Array.isArray(msg.a)) return { ok: false, reason: 'request arguments must be an array', id };
  const request: ClientRequest = { t: 'q', m: msg.m, a: msg.a };
  if (id !== undefined) request.i = id;
  if (msg.o === true) request.o = true;
  return { ok: true, request };
}
