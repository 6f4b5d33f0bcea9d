// Which files a backend spec may name, and which files a scripted backend's responses may read.
//
// Three sources of trust, from most to least:
//   - the spec the person starting the engine gave (`serve --backend`, PROOFWRIGHT_BACKEND): they run
//     the process and could read any file anyway, so its paths are used as given (resolved against
//     the folder serve was started in, see app/cli/serve.ts);
//   - the scripts shipped with the app (resources/samples/scripts), named `scripted:sample:NAME`
//     (or by their absolute path): read-only for clients, so their `file` responses may read anything
//     under resources/samples/, and nothing else;
//   - everything else a client names: confined to the workspace (PathGuard), scripted `file`
//     responses included (issue 14).
// A local model file elsewhere enters through the model library's import (the user's explicit choice).
import { readdir } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendError } from '../models/backend';
import { parseBackendSpec } from '../models/spec';
import { PathError, isInside, type PathGuard } from './paths';

/** resources/samples of this checkout: the shipped samples where no engine context says otherwise (the CLI). */
export const SHIPPED_SAMPLES_DIR = fileURLToPath(new URL('../../resources/samples/', import.meta.url));

/** Prefix that names a shipped script: `scripted:sample:samples.deepseek.scripted.json`. */
export const SAMPLE_SCRIPT_PREFIX = 'sample:';

export interface SpecContext {
  guard: PathGuard;
  /** resources/samples: shipped proofs, scripts (scripts/) and their outputs (outputs/). */
  samplesDir: string;
  /** The spec given at start by the operator (trusted as given), if any. */
  startSpec?: string;
  /** The model library's folder: a local model there is always allowed. */
  libraryDir: string;
  /** `local:NAME` (no slash, no .gguf) → the library file; throws when there is none. */
  resolveLibraryName(name: string): Promise<string>;
  /** Folder relative paths in the operator's spec are resolved against (default: the workspace). */
  startCwd?: string;
}

export interface ConfinedSpec {
  /** The spec to load, with an absolute path. */
  spec: string;
  /** Confines each file a scripted response names (throws PathError). */
  confineFile: (abs: string) => string;
}

/** The shipped scripts' file names (`*.scripted.json` under resources/samples/scripts), sorted. */
export async function listSampleScripts(samplesDir: string): Promise<string[]> {
  const names = await readdir(join(samplesDir, 'scripts')).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.scripted.json')).sort();
}

/**
 * `scripted:sample:NAME`, one of the shipped scripts: its absolute spec, and the rule that its `file`
 * responses read only under resources/samples/. Null for every other spec; a BackendError naming the
 * shipped scripts for an unknown NAME. The one resolution of that name, for the engine (serve mode,
 * the app) and the CLI alike.
 */
export async function shippedScriptSpec(spec: string, samplesDir: string): Promise<ConfinedSpec | null> {
  const parsed = parseBackendSpec(spec);
  if (parsed.scheme !== 'scripted' || !parsed.path.startsWith(SAMPLE_SCRIPT_PREFIX)) return null;
  const name = parsed.path.slice(SAMPLE_SCRIPT_PREFIX.length);
  const known = await listSampleScripts(samplesDir);
  if (!known.includes(name)) {
    throw new BackendError(`no shipped script "${name}"${known.length ? ` (shipped: ${known.join(', ')})` : ''}`, 'bad-spec');
  }
  return { spec: `scripted:${join(samplesDir, 'scripts', name)}`, confineFile: shippedRule(samplesDir) };
}

/**
 * Resolve the paths in a backend spec under the rules above. Throws PathError (outside the workspace,
 * with a hint to import a model file) or BackendError (an unknown shipped script).
 */
export async function confineBackendSpec(spec: string, ctx: SpecContext): Promise<ConfinedSpec> {
  const parsed = parseBackendSpec(spec);
  const { guard } = ctx;
  const workspaceRule = (from: string) => (abs: string) => guard.resolveDerived(abs, from, relativeLabel(guard, abs));
  if (parsed.scheme === 'openai') return { spec, confineFile: workspaceRule(guard.root) };

  const shipped = await shippedScriptSpec(spec, ctx.samplesDir);
  if (shipped) return shipped;

  if (ctx.startSpec !== undefined && spec === ctx.startSpec) {
    const abs = resolve(ctx.startCwd ?? guard.root, parsed.path);
    if (parsed.scheme === 'local' && parsed.library) {
      return { spec: `local:${await ctx.resolveLibraryName(parsed.path)}`, confineFile: workspaceRule(abs) };
    }
    // A script the operator named inside the workspace can be rewritten by a client: its files stay
    // confined. One outside it is the operator's own file.
    const confineFile = isInside(guard.root, abs) ? workspaceRule(abs) : (file: string) => file;
    return { spec: `${parsed.scheme}:${abs}`, confineFile };
  }

  if (parsed.scheme === 'local') {
    if (parsed.library) {
      return { spec: `local:${await ctx.resolveLibraryName(parsed.path)}`, confineFile: workspaceRule(guard.root) };
    }
    const abs = resolve(guard.root, parsed.path);
    if (isInside(ctx.libraryDir, abs)) return { spec: `local:${abs}`, confineFile: workspaceRule(abs) };
    try {
      return { spec: `local:${guard.resolve(parsed.path)}`, confineFile: workspaceRule(abs) };
    } catch (error) {
      if (!(error instanceof PathError)) throw error;
      throw new PathError(`${error.message}: import it into the model library first (Model library › My models › Import), then use it from there`);
    }
  }

  // scripted, named by a client
  if (isAbsolute(parsed.path) && isInside(join(ctx.samplesDir, 'scripts'), resolve(parsed.path))) {
    return { spec: `scripted:${resolve(parsed.path)}`, confineFile: shippedRule(ctx.samplesDir) };
  }
  try {
    const abs = guard.resolve(parsed.path);
    return { spec: `scripted:${abs}`, confineFile: workspaceRule(abs) };
  } catch (error) {
    if (!(error instanceof PathError)) throw error;
    throw new PathError(`${error.message}: a script must be in the workspace, or one of the shipped scripts (${SAMPLE_SCRIPT_PREFIX}NAME)`);
  }
}

/** Shipped scripts read their outputs from resources/samples/ and from nowhere else. */
function shippedRule(samplesDir: string): (abs: string) => string {
  return (abs: string) => {
    const full = resolve(abs);
    if (!isInside(samplesDir, full)) throw new PathError(`"${basename(full)}" is outside the shipped samples`);
    return full;
  };
}

/** A path as errors name it: relative inside the workspace, the file name alone outside (never where it leads). */
export function relativeLabel(guard: PathGuard, abs: string): string {
  const client = guard.toClientPath(abs);
  return isAbsolute(client) ? basename(client) : client;
}
