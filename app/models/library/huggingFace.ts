// `hf:USER/REPO:QUANT` → a file URL, the way llama.cpp and node-llama-cpp resolve it: the Hub's
// manifest endpoint (asked as "llama-cpp") names the GGUF file for a quantisation tag.
// `hf:USER/REPO/path/file.gguf` names the file directly. A split model (`…-00001-of-00003.gguf`) is
// resolved to all its parts.
import { describeFetchError } from '../../common/fetch-errors';
import { MAX_SPLIT_PARTS, splitPartNames } from './splitGguf';

export interface HfOptions {
  /** Default: $HF_ENDPOINT, else https://huggingface.co */
  endpoint?: string;
  /** Default: $HF_TOKEN */
  token?: string;
  signal?: AbortSignal;
}

export interface ResolvedSource {
  /** The file to download; of a split model, its first part. */
  url: string;
  fileName: string;
  /** Headers the download needs (the Hub token, when the file is on the Hub). */
  headers: Record<string, string>;
  /**
   * Of a split model (`…-00001-of-00003.gguf`, splitGguf.ts): every part, the first one first, each in
   * the same folder of the same server as the part named. Absent for a one-file model.
   */
  parts?: { url: string; fileName: string }[];
}

export class SourceError extends Error {
  /** The Hub could not be reached (asking again later may work), rather than a refused reference. */
  readonly network: boolean;
  constructor(message: string, options?: { cause?: unknown; network?: boolean }) {
    super(message, options);
    this.name = 'SourceError';
    this.network = options?.network ?? false;
  }
}

export function hfEndpoint(options: HfOptions = {}): string {
  return (options.endpoint ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
}

/** Resolves a pull source (hf:… or http(s) URL) to a concrete file URL and file name. */
export async function resolveSource(source: string, options: HfOptions = {}): Promise<ResolvedSource> {
  const token = options.token ?? process.env.HF_TOKEN;
  const endpoint = hfEndpoint(options);
  const hubHeaders: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};

  if (/^https?:\/\//i.test(source)) {
    const url = new URL(source);
    const fileName = decodeURIComponent(url.pathname.split('/').pop() ?? '');
    if (!fileName.toLowerCase().endsWith('.gguf')) throw new SourceError(`${source} does not name a .gguf file`);
    return withParts({ url: source, fileName, headers: url.origin === new URL(endpoint).origin ? hubHeaders : {} });
  }
  if (!source.startsWith('hf:')) {
    throw new SourceError(`cannot pull "${source}": expected hf:USER/REPO:QUANT, hf:USER/REPO/FILE.gguf or an http(s) URL`);
  }
  const rest = source.slice(3);
  const [user, repoAndTag, ...path] = rest.split('/');
  if (!user || !repoAndTag) throw new SourceError(`cannot pull "${source}": expected hf:USER/REPO:QUANT`);
  // `..` would walk the Hub URL out of the repository (to another one, with the user's token).
  if ([user, repoAndTag, ...path].some((part) => part === '' || part === '.' || part === '..')) {
    throw new SourceError(`cannot pull "${source}": a Hub path has no empty, "." or ".." parts`);
  }

  if (path.length > 0) {
    const file = path.join('/');
    if (!file.toLowerCase().endsWith('.gguf')) throw new SourceError(`${source} does not name a .gguf file`);
    return withParts({
      url: `${endpoint}/${enc(user)}/${enc(repoAndTag)}/resolve/main/${file.split('/').map(enc).join('/')}`,
      fileName: path[path.length - 1],
      headers: hubHeaders,
    });
  }

  const [repo, tag = 'latest'] = repoAndTag.split(':');
  const manifestUrl = `${endpoint}/v2/${enc(user)}/${enc(repo)}/manifests/${enc(tag)}`;
  let response: Response;
  try {
    // The Hub returns the `ggufFile` field only to llama.cpp's user agent.
    response = await fetch(manifestUrl, { headers: { ...hubHeaders, 'user-agent': 'llama-cpp', accept: 'application/json' }, signal: options.signal });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new SourceError(`cannot reach the Hugging Face Hub at ${endpoint} to resolve ${source}: ${describeFetchError(err, manifestUrl)}`, { cause: err, network: true });
  }
  if (response.status === 401 || response.status === 403) {
    throw new SourceError(`${source}: the Hub refused access (HTTP ${response.status}) — a gated or private model needs HF_TOKEN`);
  }
  if (response.status === 404 || response.status === 400) {
    throw new SourceError(`${source}: no such repository or quantisation "${tag}" on the Hub (HTTP ${response.status})`);
  }
  if (!response.ok) throw new SourceError(`${source}: the Hub answered HTTP ${response.status}`);
  const manifest = (await response.json().catch(() => undefined)) as { ggufFile?: { rfilename?: string } } | undefined;
  const file = manifest?.ggufFile?.rfilename;
  if (!file) throw new SourceError(`${source}: the Hub's manifest names no GGUF file (is it a GGUF repository?)`);
  return withParts({
    url: `${endpoint}/${enc(user)}/${enc(repo)}/resolve/main/${file.split('/').map(enc).join('/')}`,
    fileName: file.split('/').pop()!,
    headers: hubHeaders,
  });
}

/**
 * A split model's parts, named from the file's own name (splitGguf.ts), whichever part the source
 * names: the URL's last path segment is replaced, so every part comes from the same folder. The
 * result's `url`/`fileName` become the first part's.
 */
function withParts(resolved: ResolvedSource): ResolvedSource {
  const names = splitPartNames(resolved.fileName);
  if (names.length < 2) return resolved;
  if (names.length > MAX_SPLIT_PARTS) throw new SourceError(`${resolved.fileName} says the model is split in ${names.length} files; at most ${MAX_SPLIT_PARTS} are pulled`);
  // The server's names keep the extension as written (`.GGUF`); the library's are `.gguf`, the only
  // one llama.cpp finds the other parts by.
  const extension = resolved.fileName.slice(-'.gguf'.length);
  const parts = names.map((fileName) => {
    const url = new URL(resolved.url);
    url.pathname = `${url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1)}${enc(fileName.slice(0, -'.gguf'.length) + extension)}`;
    return { url: url.href, fileName };
  });
  return { ...resolved, url: parts[0].url, fileName: parts[0].fileName, parts };
}

const enc = encodeURIComponent;
