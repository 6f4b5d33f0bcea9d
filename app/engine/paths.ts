// Path confinement: every file path a client names is resolved here before the engine touches disk.
// A client may name (a) a path relative to the workspace root, or (b) an absolute path that the shell
// granted from a native open/save dialog. Anything else is refused: `..` climbing out, absolute paths
// outside the root, and symlinks whose real target lies outside (checked with realpath, on the file
// itself or — for a file that does not exist yet — on its nearest existing parent).
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MAX_NAME_BYTES, writeFailureReason } from '../store/safe-write';

import { APP_DATA_FOLDERS } from '../common/proof-files';
import { newNameProblem } from '../common/file-names';

export { APP_DATA_FOLDERS };

export class PathError extends Error {
  readonly rpcCode = 'forbidden-path';
  constructor(message: string) {
    super(message);
    this.name = 'PathError';
  }
}

/** True when `child` is `parent` or inside it (both absolute, normalised). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/** realpath of the path, or of its nearest existing ancestor joined with the missing rest. */
function realpathAllowMissing(path: string): string {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(basename(current));
      current = parent;
    }
  }
}

/** The names of `path` and its ancestors that do not exist yet (what writing it would create), outermost first. */
function missingNames(path: string): string[] {
  const missing: string[] = [];
  for (let current = path; ; current = dirname(current)) {
    try {
      lstatSync(current);
      return missing.reverse();
    } catch {
      if (dirname(current) === current) return missing.reverse();
      missing.push(basename(current));
    }
  }
}

/**
 * `clientPath` (relative) with its `.` and `..` segments resolved, `/`-separated, when it has a `..`;
 * else unchanged. Throws PathError when the `..`s climb above the workspace folder (`../x.md`,
 * `a/../../x.md`); the message names the path as the client wrote it.
 */
function normaliseClimbs(clientPath: string): string {
  const parts = clientPath.split(/[\\/]/);
  if (!parts.includes('..')) return clientPath;
  const kept: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part !== '..') { kept.push(part); continue; }
    if (kept.length === 0) {
      throw new PathError(`"${clientPath}" climbs out of the workspace: its ".." would go above the workspace folder; only files inside it can be named`);
    }
    kept.pop();
  }
  if (kept.length === 0) throw new PathError(`"${clientPath}" names the workspace folder itself, not a file in it`);
  return kept.join('/');
}

export class PathGuard {
  readonly root: string;
  private readonly realRoot: string;
  private readonly granted = new Set<string>();
  /** Folders no save may write into (see `protect`), with their real paths. */
  private readonly protectedDirs: { abs: string; real: string; label: string }[] = [];

  constructor(root: string) {
    this.root = resolve(root);
    this.realRoot = realpathAllowMissing(this.root);
    for (const name of APP_DATA_FOLDERS) this.protect(join(this.root, name), name);
  }

  /**
   * No document may be saved into `dir` (the app's data: run records, recovery copies, settings),
   * whichever way the path reaches it. `label` names the folder in the refusal.
   */
  protect(dir: string, label = dir): void {
    const abs = resolve(dir);
    // A workspace kept inside the app's data folder: protecting it all would refuse every save.
    if (isInside(abs, this.root)) return;
    this.protectedDirs.push({ abs, real: realpathAllowMissing(abs), label });
  }

  /**
   * `resolve` for a file the engine is about to write as a document (save, save as): also refuses a
   * target inside a protected folder (the app's own data), checked on the path and on its real target,
   * and a new name `newNameProblem` refuses (bidi or control characters, names Windows reserves) unless
   * the target is `current`, the document's own file.
   */
  resolveWritable(clientPath: string, current?: string): string {
    const abs = this.resolve(clientPath);
    // A name the save would create (the file, or folders on its way) must be one every system shows as
    // written and can hold (app/common/file-names.ts); a file that already has such a name on disk, or
    // the document's own file (`current`, gone since), is still saved under it.
    if (abs !== current) {
      for (const name of missingNames(abs)) {
        const problem = newNameProblem(name);
        if (problem) throw new PathError(problem);
      }
    }
    const real = realpathAllowMissing(abs);
    // Case-folded too: on a case-insensitive disk `.Proofwright` is the same folder.
    const inside = (dir: string, p: string) => isInside(dir, p) || isInside(dir.toLowerCase(), p.toLowerCase());
    const hit = this.protectedDirs.find((d) => inside(d.abs, abs) || inside(d.real, real));
    if (hit) throw new PathError(`"${clientPath}" is inside ${hit.label}, where Proofwright keeps its own data; choose another folder`);
    return abs;
  }

  /** Allow one absolute file path outside the workspace (it came from a native dialog). */
  grant(path: string): void {
    if (!isAbsolute(path)) throw new PathError('only absolute paths can be granted');
    this.granted.add(resolve(path));
  }

  /**
   * Resolve a client path to an absolute path the engine may read or write, or throw PathError.
   * Relative paths are resolved against the root; absolute ones must be inside it or granted.
   */
  resolve(clientPath: string): string {
    if (typeof clientPath !== 'string' || clientPath.length === 0) throw new PathError('empty path');
    if (clientPath.includes('\0')) throw new PathError('path contains a NUL byte');
    // Said here in words: the system's ENAMETOOLONG would come back with the absolute path in it.
    // The limit is the system's, in bytes: a name of 133 "é" is 263 bytes, so its size is said in bytes too.
    const long = clientPath.split(/[\\/]/).find((part) => Buffer.byteLength(part, 'utf8') > MAX_NAME_BYTES);
    if (long !== undefined) {
      throw new PathError(`the name "${long.slice(0, 40)}…" is too long: ${Buffer.byteLength(long, 'utf8')} bytes in UTF-8; at most ${MAX_NAME_BYTES}`);
    }
    if (isAbsolute(clientPath)) {
      const abs = resolve(clientPath);
      if (this.granted.has(abs)) return abs;
      if (!isInside(this.root, abs)) throw new PathError(`"${clientPath}" is outside the workspace`);
      return this.checkReal(abs, clientPath);
    }
    // `..` is resolved on the path as written (`sub/../sub2/x.md` is `sub2/x.md`), and only the normalised
    // path ever reaches the disk, so a symbolic link on the way cannot turn a `..` into a way out; the
    // real target is still checked below. `\` counts as a separator here on every system, so
    // `sub\..\x.md` is normalised too rather than kept as one odd name.
    const relativePath = normaliseClimbs(clientPath);
    const abs = resolve(this.root, relativePath);
    if (!isInside(this.root, abs)) throw new PathError(`"${clientPath}" is outside the workspace`);
    return this.checkReal(abs, clientPath);
  }

  /**
   * Confine a path the engine derives from one it already accepted (the problem file next to a
   * document, a file a scripted backend names, a report): the same rule as `resolve`, reads and
   * writes alike. A file next to a granted one (a document picked in a dialog outside the workspace)
   * is allowed too, but only as a plain entry in that same folder, never through a symbolic link.
   * `label` names the path in the error (never the resolved target, which would reveal what exists).
   */
  resolveDerived(abs: string, from: string, label = abs): string {
    const full = resolve(abs);
    if (isInside(this.root, full)) return this.checkReal(full, label);
    if (this.granted.has(resolve(from)) && dirname(full) === dirname(resolve(from))) {
      let link = false;
      try {
        link = lstatSync(full).isSymbolicLink();
      } catch {
        // missing: it will be created as a plain file
      }
      if (link) throw new PathError(`"${label}" is a symbolic link next to a file outside the workspace`);
      return full;
    }
    throw new PathError(`"${label}" is outside the workspace`);
  }

  /** The path as the client should see it: relative to the root when inside, else the granted absolute path. */
  toClientPath(abs: string): string {
    const full = resolve(abs);
    if (isInside(this.root, full)) return relative(this.root, full).split(sep).join('/');
    return full;
  }

  private checkReal(abs: string, clientPath: string): string {
    let real: string;
    try {
      real = realpathAllowMissing(abs);
    } catch (error) {
      // A sentence, not the system's `ELOOP: … lstat '/abs/path'` (which would show where the workspace is).
      throw new PathError(`"${clientPath}" cannot be used: ${writeFailureReason(error).reason}`);
    }
    if (!isInside(this.realRoot, real)) throw new PathError(`"${clientPath}" leads outside the workspace through a symbolic link`);
    return abs;
  }
}
