// Why a request got no answer, in plain words. Node's fetch (undici) throws `TypeError: fetch failed`
// and keeps what happened in `cause`: a system error (`code` ENOTFOUND, ECONNREFUSED…, with `hostname`
// or `port`), or an Error whose message is all there is ("bad port"). One wording for the model
// library's downloads, the Hub's lookups and the server backends (reviewer rev18 F12: "fetch failed").

interface FetchCause {
  code?: unknown;
  message?: unknown;
  hostname?: unknown;
  port?: unknown;
  cause?: unknown;
}

const PLAIN: Record<string, (c: FetchCause, url: URL | undefined) => string> = {
  ENOTFOUND: (c, url) => `no such host ${String(c.hostname ?? url?.hostname ?? '(unnamed)')}: its name is not known (mistyped, or no network?)`,
  EAI_AGAIN: (c, url) => `the name ${String(c.hostname ?? url?.hostname ?? '(unnamed)')} could not be looked up just now (no network, or DNS not answering)`,
  ECONNREFUSED: (c, url) => `the connection was refused: nothing listens on port ${String(c.port ?? portOf(url) ?? '?')} there`,
  ECONNRESET: () => 'the other side closed the connection',
  ETIMEDOUT: () => 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: () => 'the connection timed out',
  UND_ERR_SOCKET: () => 'the connection broke',
  ENETUNREACH: () => 'the network is unreachable (no network?)',
  EHOSTUNREACH: () => 'the host is unreachable (no route to it)',
  CERT_HAS_EXPIRED: () => "the server's certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: () => "the server's certificate is self-signed, so not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: () => "the server's certificate chain is self-signed, so not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: () => "the server's certificate cannot be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: () => "the server's certificate is for another name",
};

function portOf(url: URL | undefined): string | undefined {
  if (!url) return undefined;
  return url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : undefined);
}

/**
 * Why `fetch(url)` failed, in words a user can act on, with the system's code in parentheses
 * (searchable): "no such host x.invalid: its name is not known (mistyped, or no network?) (ENOTFOUND)".
 * `url` (optional) fills in the host or port the cause leaves out. Errors that are not fetch's keep
 * their message (with a cause's code or message when it adds one).
 */
export function describeFetchError(err: unknown, url?: string | URL): string {
  let parsed: URL | undefined;
  try {
    parsed = url === undefined ? undefined : new URL(url);
  } catch {
    parsed = undefined;
  }
  const base = err instanceof Error ? err.message : String(err);
  const cause = ((err as FetchCause | undefined)?.cause ?? undefined) as FetchCause | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code && PLAIN[code]) return `${PLAIN[code](cause!, parsed)} (${code})`;
  const causeMessage = typeof cause?.message === 'string' ? cause.message : undefined;
  // Ports the Fetch standard blocks (1, 7, 9, 21, 22, 25, 6000…): Node refuses them without trying.
  if (causeMessage === 'bad port') return `port ${portOf(parsed) ?? '?'} is one that browsers and Node never connect to (a blocked port of the Fetch standard): use another port`;
  if (base === 'fetch failed' && causeMessage) return code && !causeMessage.includes(code) ? `${causeMessage} (${code})` : causeMessage;
  if (code) return `${base} (${code})`;
  if (causeMessage) return `${base} (${causeMessage})`;
  return base;
}

/** Codes of a fetch failure that asking again in a few seconds will not change (EAI_AGAIN, a DNS hiccup, is not one). */
const LASTING = new Set(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/**
 * Whether a fetch failure will stay the same on a retry within seconds: a host name that does not
 * exist, a blocked port, an untrusted certificate. Connection refused or reset may be a server
 * starting or restarting, so they are not.
 */
export function fetchFailureLasts(err: unknown): boolean {
  const cause = (err as FetchCause | undefined)?.cause as FetchCause | undefined;
  return (typeof cause?.code === 'string' && LASTING.has(cause.code)) || cause?.message === 'bad port';
}
