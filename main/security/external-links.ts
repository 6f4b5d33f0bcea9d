// External links open in the OS browser only when they pass this check: http(s), no credentials in
// the URL, a host on the allowlist (exact or a subdomain of an entry). Everything else is dropped.
import { parseUrl } from './origin';

/** Hosts the app links to (documentation, papers, model hubs). */
export const DEFAULT_EXTERNAL_ALLOWLIST: readonly string[] = [
  'github.com',
  'arxiv.org',
  'huggingface.co',
  'katex.org',
  'node-llama-cpp.withcat.ai',
  'www.electronjs.org',
];

export function externalLinkAllowed(url: string, allowlist: readonly string[] = DEFAULT_EXTERNAL_ALLOWLIST): boolean {
  const u = parseUrl(url);
  if (!u) return false;
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  if (u.username || u.password) return false;
  const host = u.hostname.toLowerCase().replace(/\.$/, '');
  if (!host) return false;
  return allowlist.some((entry) => {
    const e = entry.toLowerCase();
    return host === e || host.endsWith(`.${e}`);
  });
}
