// Backend specs: the one string a user gives to pick a model (`--backend`, settings, run records).
//   scripted:PATH.json    deterministic script (tests, demos)
//   local:PATH.gguf       a GGUF file run by llama.cpp: llama-server out of process, or node-llama-cpp in process
//   local:NAME            a model in the model library (`proofwright models list`), by name
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
  /**
   * `local:NAME` → the library file (default: the library in $PROOFWRIGHT_MODELS_DIR, from `env`, or the
   * OS user-data folder). Throws with the reason when there is no such model.
   */
  resolveLibraryName?: (name: string) => Promise<string>;
  /** Scripted backends: confine the files a script names (see ScriptedBackendOptions.confineFile). */
  confineFile?: (absPath: string) => string;
  /** Other options a specific backend understands. */
  [key: string]: unknown;
}

export type ParsedSpec =
  | { scheme: 'scripted'; path: string }
  /** `library`: `path` is a model library name, not a file (resolved when the backend is built). */
  | { scheme: 'local'; path: string; library?: true }
  | { scheme: 'openai'; url: string; model: string };

/** Whether the text after `local:` names a library model (no folder, no `.gguf`) rather than a file. */
export function isLibraryName(rest: string): boolean {
  return !/[\\/]/.test(rest) && !/\.gguf$/i.test(rest);
}

/** Split a spec into its parts; throws a BackendError naming the schemes for anything else. */
export function parseBackendSpec(spec: string): ParsedSpec {
  const colon = spec.indexOf(':');
  const scheme = colon > 0 ? spec.slice(0, colon) : '';
  const rest = colon > 0 ? spec.slice(colon + 1) : '';
  const schemes = 'scripted:PATH.json, local:PATH.gguf, local:NAME, openai:URL#MODEL';
  if (!(BACKEND_SCHEMES as readonly string[]).includes(scheme)) {
    throw new BackendError(`unknown backend "${spec}": expected one of ${schemes}`, 'bad-spec');
  }
  if (rest === '') throw new BackendError(`backend "${spec}" has nothing after "${scheme}:" (expected one of ${schemes})`, 'bad-spec');
  if (scheme === 'scripted') return { scheme, path: rest };
  if (scheme === 'local') {
    if (isLibraryName(rest)) return { scheme, path: rest, library: true };
    if (!/\.gguf$/i.test(rest)) throw new BackendError(`backend "${spec}": local models are GGUF files (local:PATH.gguf) or library names (local:NAME)`, 'bad-spec');
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
  if (parsed.scheme === 'local' && parsed.library) return spec;
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
      const path = parsed.library
        ? await (options.resolveLibraryName ?? ((name: string) => resolveLibraryModel(name, options.env)))(parsed.path)
        : resolve(cwd, parsed.path);
      const { createLocalBackend } = await loadLocal();
      return createLocalBackend(path, { ...options, spec });
    }
    case 'openai': {
      const { createOpenAIBackend } = await import('./openai');
      return createOpenAIBackend(parsed.url, parsed.model, { parallel: options.parallel, apiKey: options.apiKey, env: options.env, contextSize: options.contextSize });
    }
  }
}

/**
 * The file of a library model by name, in the default library ($PROOFWRIGHT_MODELS_DIR in `env`, else
 * the OS user-data folder): the CLI's `--backend local:NAME`. Throws a BackendError ("no model named …
 * in the library …; see `proofwright models list`") when there is none.
 */
export async function resolveLibraryModel(name: string, env: BackendOptions['env'] = process.env): Promise<string> {
  const { ModelLibrary, defaultLibraryDir } = await import('./library');
  try {
    return await new ModelLibrary({ dir: defaultLibraryDir({ ...env }) }).resolve(name);
  } catch (error) {
    throw new BackendError((error as Error).message, 'bad-spec', { cause: error });
  }
}
