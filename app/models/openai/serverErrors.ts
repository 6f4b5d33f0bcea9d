// Reading what a model server says when it refuses or fails a request, in the shapes real servers
// send: OpenAI's `{"error": {"message": …}}`, Ollama's `{"error": "…"}`, vLLM's
// `{"object": "error", "message": …}`, FastAPI/pydantic validation errors
// (`{"detail": [{"loc": ["body", "seed"], "msg": …}]}`), llama-server's `{"error": {"code", "message", "type"}}`,
// and HTML error pages from proxies (nginx, Cloudflare).

/** The server's own words from an error payload (parsed JSON, a string, or anything else). */
export function errorText(error: unknown): string {
  if (typeof error === 'string') return error.trim();
  if (Array.isArray(error)) return error.map(errorText).filter(Boolean).join('; ');
  if (error && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    if (e.error !== undefined && e.error !== null) return errorText(e.error);
    if (typeof e.message === 'string') {
      // OpenAI puts the machine-readable cause in `code` ("context_length_exceeded"): keep it visible.
      const code = typeof e.code === 'string' && !e.message.includes(e.code) ? ` (${e.code})` : '';
      return e.message.trim() + code;
    }
    if (typeof e.msg === 'string') {
      // pydantic: where in the request the problem is ("body.seed") and what it is.
      const loc = Array.isArray(e.loc) ? e.loc.map(String).join('.') : '';
      return loc ? `${loc}: ${e.msg}` : e.msg;
    }
    if (e.detail !== undefined) return errorText(e.detail);
  }
  return error === undefined || error === null ? '' : JSON.stringify(error);
}

/**
 * The message in an error response body: JSON shapes as above, an HTML page's title (or first
 * heading) as text, otherwise the body itself, whitespace collapsed and cut to `max` characters.
 */
export function serverMessage(body: string, contentType = '', max = 500): string {
  const trimmed = body.trim();
  let text: string;
  if (/html/i.test(contentType) || /^<(!doctype|html)/i.test(trimmed)) {
    const pick = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(trimmed);
    text = `an HTML page: ${decodeEntities((pick?.[1] ?? trimmed).replace(/<[^>]*>/g, ' '))}`;
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    text = parsed !== undefined && parsed !== null && typeof parsed === 'object' ? errorText(parsed) : trimmed;
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' })[e] ?? _);
}

/**
 * True when a server's message says the prompt did not fit the model's context. Wordings:
 * llama-server "request (N tokens) exceeds the available context size (M tokens), try increasing it" and,
 * for models that cannot split a batch, "input (N tokens) is larger than the max context size (M tokens)"
 * (both type `exceed_context_size_error`; tools/server/server-context.cpp),
 * vLLM "This model's maximum context length is N tokens…", OpenAI code `context_length_exceeded`,
 * SGLang "…is longer than the model's context length", Ollama "…exceeds maximum context length",
 * TGI "`inputs` tokens + `max_new_tokens` must be <= N" / "`inputs` must have less than N tokens",
 * LM Studio "…the model is loaded with context length of only N tokens, which is not enough".
 */
export function isContextOverflow(message: string): boolean {
  return /context length of only \d+ tokens|when context the overflows|exceeds? the available context size|larger than the max context size|exceed_context_size|maximum context length|context_length_exceeded|longer than the model's context length|exceeds? (?:the )?(?:maximum )?context (?:length|window|size)|prompt is too long|`?inputs`? tokens \+ `?max_new_tokens`? must be <=|`?inputs`? must have less than \d+ tokens/i.test(
    message,
  );
}

/** Request fields that may be left out (or renamed) when a server refuses them; never model, messages, stream. */
export const ADAPTABLE_FIELDS = ['seed', 'top_p', 'temperature', 'max_tokens', 'max_completion_tokens', 'stream_options', 'response_format'] as const;
export type AdaptableField = (typeof ADAPTABLE_FIELDS)[number];

/** Documented replacement names: OpenAI's reasoning models refuse `max_tokens` and take `max_completion_tokens`. */
export const REPLACEMENT: Partial<Record<AdaptableField, AdaptableField>> = { max_tokens: 'max_completion_tokens' };

// Words servers use when a field itself is not accepted (as opposed to a bad value for it):
// pydantic "Extra inputs are not permitted" / extra_forbidden, OpenAI "Unsupported parameter",
// "Unrecognized request argument supplied", "unknown field", "is not supported", "not allowed", Google's
// "Unknown name \"seed\": Cannot find field", Python's "unexpected keyword argument 'seed'", JSON-schema
// validators' "additional properties" / "'seed' was unexpected".
const REFUSAL =
  /unsupported|not supported|unrecognized|unrecognised|not recognized|unknown (?:field|parameter|argument|name|key|property)|extra[ _](?:inputs?|fields?|forbidden)|forbidden|not permitted|not allowed|does not support|invalid (?:field|parameter|argument|key)|not an? (?:valid|known|accepted) (?:field|parameter|argument|key)|no such (?:field|parameter)|unexpected (?:field|parameter|argument|keyword|key|property)|was unexpected|additional propert(?:y|ies)|cannot find field/i;

/** True when a server's message says some request field is not accepted (named or not). */
export function isFieldRefusal(message: string): boolean {
  return REFUSAL.test(message) && !isContextOverflow(message);
}

/**
 * Fields left out, once, when a server refuses a field without naming it: the optional ones we send that
 * servers most often do not know. Never the model, the messages, temperature or the token limit.
 */
export const UNNAMED_REFUSAL_FIELDS: readonly AdaptableField[] = ['seed', 'stream_options', 'top_p', 'response_format'];

// Lists of the fields a server would accept, which follow the refused one in some messages (TGI/serde:
// "unknown field `seed`, expected one of `model`, `temperature`, …"): they name fields that are fine.
const ACCEPTED_LIST = /[,.;:]?\s*\b(?:expected one of|expected|(?:supported|valid|allowed|accepted|known) (?:fields|parameters|arguments|keys|params)(?: are)?:?)\s[\s\S]*$/i;

/**
 * The fields of `sent` that a 400/422 message names as not accepted. Empty when the message is about
 * something else (a bad value, an overflow): only then is the request worth reshaping. Each part of a
 * message that lists several problems ("; ") is judged on its own, so a bad value next to a refused
 * field is not taken for a refusal. `params` are the fields the error body names in its structure
 * (OpenAI's `"param": "seed"` beside a message that does not repeat it).
 */
export function refusedFields(message: string, sent: Iterable<string>, params: readonly string[] = []): AdaptableField[] {
  if (!isFieldRefusal(message)) return [];
  const parts = message.split(/;\s+/).filter((part) => REFUSAL.test(part)).map((part) => part.replace(ACCEPTED_LIST, ''));
  const found: AdaptableField[] = [];
  for (const field of sent) {
    if (!(ADAPTABLE_FIELDS as readonly string[]).includes(field)) continue;
    const names = field === 'stream_options' ? /\bstream_options\b|\binclude_usage\b/ : new RegExp(`\\b${field}\\b`);
    if (params.includes(field) || parts.some((part) => names.test(part))) found.push(field as AdaptableField);
  }
  return found;
}

/**
 * The request fields an error body names in its structure rather than its words: OpenAI's
 * `{"error": {"param": "seed"}}`. (pydantic's `loc` is already in the message errorText builds, next to
 * its own problem.)
 */
export function namedParams(body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const found = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((v) => visit(v, depth + 1));
    const v = value as Record<string, unknown>;
    if (typeof v.param === 'string' && v.param) found.add(v.param.replace(/^body\./, ''));
    visit(v.error, depth + 1);
    visit(v.detail, depth + 1);
  };
  visit(parsed, 0);
  return [...found];
}

/** HTTP statuses worth another attempt (the same set the backend retries when they come as the status). */
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504, 529]);
/** Error types that say "busy, try later" without a number: Anthropic's, OpenAI's rate-limit code. */
const TRANSIENT_TYPES = new Set(['overloaded_error', 'rate_limit_error', 'rate_limit_exceeded', 'server_overloaded']);

/**
 * Whether an error payload reported inside a 200 stream is a transient one (rate limit, overload, a 5xx):
 * its `code`/`status` (a number or a numeric string, at the top level or under `error`, as OpenRouter,
 * LiteLLM, vLLM and llama-server send it) or its `type`/`code` word (Anthropic's `overloaded_error`).
 */
export function isTransientReport(payload: unknown): boolean {
  if (!payload || typeof payload !== 'object') return false;
  const levels = [payload as Record<string, unknown>];
  const inner = (payload as Record<string, unknown>).error;
  if (inner && typeof inner === 'object' && !Array.isArray(inner)) levels.push(inner as Record<string, unknown>);
  for (const level of levels) {
    for (const value of [level.code, level.status, level.type]) {
      if (typeof value === 'number' && TRANSIENT_STATUS.has(value)) return true;
      if (typeof value === 'string' && (TRANSIENT_STATUS.has(Number(value)) || TRANSIENT_TYPES.has(value.toLowerCase()))) return true;
    }
  }
  return false;
}

/**
 * True when an overflow message says the answer's token limit is what does not fit, beside a prompt
 * that does: vLLM "'max_tokens' or 'max_completion_tokens' is too large: N. This model's maximum context
 * length is M tokens and your request has K input tokens", OpenAI "…you requested N tokens (K in the
 * messages, N in the completion)" where the prompt alone is under the limit is not told apart (it names both).
 */
export function isTokenLimitOverflow(message: string): boolean {
  return /\b(?:max_tokens|max_completion_tokens|max_new_tokens)\b'? (?:or '?max_completion_tokens'? )?is too large/i.test(message);
}

/**
 * Whether a 429 is a used-up quota or billing limit rather than a rate limit: OpenAI's `insufficient_quota`
 * ("You exceeded your current quota, please check your plan and billing details"), OpenRouter's 402-style
 * "credits" wording. Waiting does not bring the quota back within a run, so it is not retried.
 */
export function isQuotaExhausted(message: string, body = ''): boolean {
  return /insufficient_quota|exceeded your current quota|check your plan and billing|insufficient (?:credits|balance|funds)/i.test(`${message} ${body}`);
}

/**
 * Whether a 503 says the model is still loading, not failing: llama-server's `{"error": {"code": 503,
 * "message": "Loading model", "type": "unavailable_error"}}`, Hugging Face's "Model m is currently
 * loading" (with `estimated_time`), TGI/vLLM routers' "model is loading".
 */
export function isModelLoading(message: string): boolean {
  // "error loading model: …" (llama.cpp's loader, quoted by Ollama's "llama runner process has terminated")
  // is a load that failed: waiting minutes for it would only delay the same error.
  if (/\b(?:error|failed|failure|unable)\b.{0,20}\bload(?:ing)?\b|\bfailed to load\b/i.test(message)) return false;
  return /\bloading model\b|\bmodel\b.{0,80}\b(?:is|still) (?:currently |still )?loading\b/i.test(message);
}

/**
 * Whether an error a server reported inside a 200 answer says the model is still loading: the whole JSON
 * body (a router or gateway that answers 200 and puts llama-server's `{"error": {"code": 503, "message":
 * "Loading model"}}` in it; Ollama's and Hugging Face's `{"error": "Model m is currently loading"}`), or an
 * event of the stream (`data: {"error": …}`, an `event: error` frame's raw data). `payload`: parsed JSON or
 * the raw text. The same words as a 503's (isModelLoading), so both are waited through alike.
 */
export function isLoadingReport(payload: unknown): boolean {
  if (payload === undefined || payload === null) return false;
  return isModelLoading(typeof payload === 'string' ? serverMessage(payload) : errorText(payload));
}

/**
 * The wait a loading report suggests, in ms: Hugging Face's `estimated_time` (seconds, at the top level
 * or under `error`). Undefined when it names none.
 */
export function loadingEstimateMs(payload: unknown): number | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const inner = record.error && typeof record.error === 'object' ? (record.error as Record<string, unknown>) : {};
  const seconds = record.estimated_time ?? inner.estimated_time;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}
