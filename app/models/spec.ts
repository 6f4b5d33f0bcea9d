// Backend specs: the one string a user gives to pick a model (`--backend`, settings, run records).
//   scripted:PATH.json    deterministic script (tests, demos)
//   local:PATH.gguf       a GGUF file run by llama.cpp: llama-server out of process, or node-llama-cpp in process
//   openai:URL#MODEL      any OpenAI-compatible server (llama-server, vLLM, SGLang, hosted APIs)
import { resolve } from 'node:path';
import { BackendError, type ModelBackend } from './backend';
import { createScriptedBackend } from './scripted';

export const BACKEND_SCHEMES = ['scripted', 'local', 'openai'] as const;
export type BackendScheme = (typeof BACKEND_SCHEMES)[number];

export interface BackendOptions {
  /** Folder relative paths in the spec are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Calls the backend runs at once, where the backend lets the caller choose. */
  parallel?: number;
  /** Context size in tokens for local models. */
  contextSize?: number;
  /** CPU threads for local models. */
  threads?: number;
  /** API key for openai backends (default: $PROOFWRIGHT_OPENAI_API_KEY, else $OPENAI_API_KEY, read from `env`). */
  apiKey?: string;
  /**
   * Where an openai backend without `apiKey` reads its default key (default: process.env). The engine
   * passes {} so that a key from the environment reaches only the server given at start.
   */
  env?: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
  /** Scripted backends: confine the files a script names (see ScriptedBackendOptions.confineFile). */
  confineFile?: (absPath: string) => string;
  /** Other options a specific backend understands. */
  [key: string]: unknown;
}

export type ParsedSpec =
  | { scheme: 'scripted'; path: string }
  | { scheme: 'local'; path: string }
  | { scheme: 'openai'; url: string; model: string };

/** Split a spec into its parts; throws a BackendError naming the schemes for anything else. */
export function parseBackendSpec(spec: string): ParsedSpec {
  const colon = spec.indexOf(':');
  const scheme = colon > 0 ? spec.slice(0, colon) : '';
  const rest = colon > 0 ? spec.slice(colon + 1) : '';
  const schemes = 'scripted:PATH.json, local:PATH.gguf, openai:URL#MODEL';
  if (!(BACKEND_SCHEMES as readonly string[]).includes(scheme)) {
    throw new BackendError(`unknown backend "${spec}": expected one of ${schemes}`, 'bad-spec');
  }
  if (rest === '') throw new BackendError(`backend "${spec}" has nothing after "${scheme}:" (expected one of ${schemes})`, 'bad-spec');
  if (scheme === 'scripted') return { scheme, path: rest };
  if (scheme === 'local') {
    if (!/\.gguf$/i.test(rest)) throw new BackendError(`backend "${spec}": local models are GGUF files (local:PATH.gguf)`, 'bad-spec');
    return { scheme, path: rest };
  }
  const hash = rest.lastIndexOf('#');
  const url = hash >= 0 ? rest.slice(0, hash) : rest;
  const model = hash >= 0 ? rest.slice(hash + 1) : '';
  if (!/^https?:\/\//i.test(url)) throw new BackendError(`backend "${spec}": expected openai:http(s)://HOST[:PORT]/v1#MODEL`, 'bad-spec');
  if (!model) throw new BackendError(`backend "${spec}": the model name is missing (openai:URL#MODEL)`, 'bad-spec');
  return { scheme: 'openai', url, model };
}

/**
 * The spec with its file path made absolute against `cwd` (for a spec typed on a command line that
 * another process will load). Library names (`local:NAME`), shipped scripts (`scripted:sample:NAME`)
 * and openai specs come back unchanged; a malformed spec too (it fails, with its message, when loaded).
 */
export function absoluteSpec(spec: string, cwd: string): string {
  let parsed: ParsedSpec;
  try {
    parsed = parseBackendSpec(spec);
  } catch {
    return spec;
  }
  if (parsed.scheme === 'openai' || parsed.path.startsWith('sample:')) return spec;
  if (parsed.scheme === 'local' && !/[\\/]/.test(parsed.path) && !/\.gguf$/i.test(parsed.path)) return spec;
  return `${parsed.scheme}:${resolve(cwd, parsed.path)}`;
}

// local/ (node-llama-cpp) and openai/ are loaded on demand: a run loads only the backend it uses (local
// pulls in native code), so `proofwright verify --backend scripted:…` starts fast and works anywhere.
async function loadLocal(): Promise<typeof import('./local')> {
  try {
    return await import('./local');
  } catch (error) {
    throw new BackendError(`the local backend (node-llama-cpp) could not be loaded: ${(error as Error).message}`, 'model-load', { cause: error });
  }
}

/** Build the backend a spec names. Relative paths are resolved against options.cwd. */
export async function createBackend(spec: string, options: BackendOptions = {}): Promise<ModelBackend> {
  const parsed = parseBackendSpec(spec);
  const cwd = options.cwd ?? process.cwd();
  switch (parsed.scheme) {
    case 'scripted':
      return createScriptedBackend(resolve(cwd, parsed.path), { spec, confineFile: options.confineFile });
    case 'local': {
      const { createLocalBackend } = await loadLocal();
      return createLocalBackend(resolve(cwd, parsed.path), { ...options, spec });
    }
    case 'openai': {
      const { createOpenAIBackend } = await import('./openai');
      return createOpenAIBackend(parsed.url, parsed.model, { parallel: options.parallel, apiKey: options.apiKey, env: options.env, contextSize: options.contextSize });
    }
  }
}
