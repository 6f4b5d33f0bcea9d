// The workspace's `macros.tex`, read the one way every surface uses it: the workbench (engine), and the
// CLI's `check` and `verify --report`. Its definitions go under the ones a document makes itself
// (app/common/tex collectMacros).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKSPACE_MACROS_FILE } from '../common/proof-files';
import { collectMacros, type MacroTable } from '../common/tex/macros';

/**
 * The macros defined in `<workspace>/macros.tex`, or null when there is no such file (or it cannot be
 * read). `confine` maps the path through the caller's path guard (serve mode: a symbolic link in its
 * place must not pull in a file from elsewhere) and throws to refuse it, which reads as "no file".
 */
export async function readWorkspaceMacros(workspace: string, confine: (path: string) => string = (path) => path): Promise<MacroTable | null> {
  const text = await Promise.resolve()
    .then(() => readFile(confine(join(workspace, WORKSPACE_MACROS_FILE)), 'utf8'))
    .catch(() => null);
  return text === null ? null : collectMacros(text);
}
