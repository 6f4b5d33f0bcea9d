// The one definition of a proof file, shared by `verify folder/`, the workbench's file list, the
// shipped samples and the parser's format choice (pure: names only, no file system).
import type { DocumentFormat } from './proof';
import { formatOfText } from './tex/document';

/** Proof-file extensions (lower case, with the dot) and the format each is parsed as. */
export const PROOF_FILE_FORMATS: Readonly<Record<string, DocumentFormat>> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.tex': 'tex',
  '.latex': 'tex',
  '.ltx': 'tex',
};

/** The workspace's macro file: its definitions apply to every document in the workspace. */
export const WORKSPACE_MACROS_FILE = 'macros.tex';

/**
 * Folders inside the workspace that the app itself owns (run records in `.proofwright/runs`): never
 * listed, never a target of a save, so a proof cannot replace the records History reads.
 */
export const APP_DATA_FOLDERS: readonly string[] = ['.proofwright'];

/**
 * Folders whose files are never proofs: version-control metadata (VS Code's `files.exclude` defaults:
 * .git, .svn, .hg, CVS), installed packages and the app's own data. Every other folder is read,
 * hidden ones too (`.drafts/`, `.github/`), as VS Code's Explorer lists them.
 */
const SKIPPED_FOLDERS = new Set(['.git', '.svn', '.hg', 'cvs', 'node_modules', ...APP_DATA_FOLDERS]);

/** Whether the workspace listing and `verify folder/` leave out a folder of this name (case-insensitively: `.Proofwright` is the same folder on a case-insensitive disk). */
export function isSkippedFolder(name: string): boolean {
  return SKIPPED_FOLDERS.has(name.toLowerCase());
}

/** The suffix of a problem statement: `NAME.problem.md` goes with the proof `NAME.<ext>`. */
export const PROBLEM_FILE_SUFFIX = '.problem.md';

/**
 * Grading against a reference (issue 15): `NAME.reference.md` holds the official solution and
 * `NAME.rubric.md` the marking scheme of the proof `NAME.<ext>`, beside its problem file. The app's
 * Reference and Rubric panes read and write them; `proofwright verify NAME.md` grades against them too
 * (or `--reference FILE --rubric FILE`; `--no-reference` to verify without).
 */
export const REFERENCE_FILE_SUFFIX = '.reference.md';
export const RUBRIC_FILE_SUFFIX = '.rubric.md';

/** The sibling reference-solution and marking-scheme files of a proof: `dir/NAME.md` → `dir/NAME.reference.md`, `dir/NAME.rubric.md`. */
export function gradingPathsFor(proofPath: string): { reference: string; rubric: string } {
  const stem = proofStem(proofPath);
  return { reference: `${stem}${REFERENCE_FILE_SUFFIX}`, rubric: `${stem}${RUBRIC_FILE_SUFFIX}` };
}

/** The extension of the last path segment, lower case with its dot ('' when there is none). */
function extensionOf(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** `.tex`, `.latex`, `.ltx` → 'tex'; anything else (`.md`, `.markdown`, unknown) → 'markdown'. */
export function formatFromPath(path: string): DocumentFormat {
  return PROOF_FILE_FORMATS[extensionOf(path)] ?? 'markdown';
}

/**
 * The format a document is read in: the one rule for the engine's parse (so the checker), the preview
 * and the CLI. LaTeX when its name says so (`.tex`, `.latex`, `.ltx`: TeX's `$` rules even without a
 * preamble) or when its text has a preamble or a document environment (`formatOfText`: an untitled or
 * `.md` document holding a pasted LaTeX document); else Markdown. `name`: the file name or path
 * (`untitled.md` / `untitled.tex` for a document not saved yet).
 */
export function documentFormat(name: string, text: string): DocumentFormat {
  return formatFromPath(name) === 'tex' ? 'tex' : formatOfText(text);
}

/**
 * Whether a file name is a proof: a proof-file extension, and neither a problem statement
 * (`*.problem.md`), a reference solution or marking scheme (`*.reference.md`, `*.rubric.md`), a
 * remnant another program leaves beside a document (Word's lock file `~$NAME`, macOS's AppleDouble
 * `._NAME`, Emacs's lock `.#NAME`) nor a README. A name starting with a dot (`.draft.md`, `..name.md`)
 * is a proof like any other: the user can save one from Files, and VS Code's explorer lists dotfiles.
 */
export function isProofFile(name: string): boolean {
  const lower = name.toLowerCase();
  return extensionOf(name) in PROOF_FILE_FORMATS && ![PROBLEM_FILE_SUFFIX, REFERENCE_FILE_SUFFIX, RUBRIC_FILE_SUFFIX].some((suffix) => lower.endsWith(suffix))
    && !['~$', '._', '.#'].some((prefix) => name.startsWith(prefix)) && !/^readme\./.test(lower);
}

/** The proof's name without its extension: `dir/NAME.tex` → `dir/NAME` (the problem file is that + PROBLEM_FILE_SUFFIX). */
export function proofStem(path: string): string {
  const ext = extensionOf(path);
  return ext ? path.slice(0, path.length - ext.length) : path;
}

/**
 * The name a sample's copy takes in the workspace: `name` itself when `taken` does not hold it, else
 * NAME-2.ext, NAME-3.ext… (the extension kept, `.md` when there is none), the first free one; null when
 * the first `limit` are all taken. One rule for the name a sample's document carries from the moment it
 * opens (the engine's newDocument) and the file its first run saves it as (the renderer's
 * saveExampleCopy), so the tab, the Files list, History and the file agree.
 */
export function freeCopyName(name: string, taken: (candidate: string) => boolean, limit = 100): string | null {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, '.md'];
  if (!taken(name)) return name;
  for (let n = 2; n <= limit; n++) {
    const candidate = `${stem}-${n}${ext}`;
    if (!taken(candidate)) return candidate;
  }
  return null;
}
