// The reference solution and marking scheme of a proof (issue 15): the sibling files
// `NAME.reference.md` and `NAME.rubric.md` (app/common/proof-files.ts gradingPathsFor), read and
// written through the same confinement as the problem file (PathGuard.resolveDerived: a symbolic link
// there that leads outside the workspace is refused).
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { RpcError } from '../common/contract';
import { gradingPathsFor } from '../common/proof-files';
import { writeFileSafely } from '../store/safe-write';
import type { PathGuard } from './paths';

export interface GradingTexts {
  /** The official solution ('' when the file is missing). */
  reference: string;
  /** The marking scheme ('' when the file is missing). */
  rubric: string;
}

/** The two texts beside the proof at `absPath`; a missing file reads as ''. Throws RpcError when one cannot be read. */
export async function readGradingFiles(guard: PathGuard, absPath: string): Promise<GradingTexts> {
  const paths = confined(guard, absPath);
  const read = (path: string) =>
    readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw new RpcError(`cannot read ${basename(path)}: ${error.code ?? String(error)}`, 'internal');
    });
  return { reference: await read(paths.reference), rubric: await read(paths.rubric) };
}

/**
 * Writes the two texts beside the proof at `absPath` (crash-safe). An empty text is written only
 * over a file that exists (clearing it); no empty file is created.
 */
export async function writeGradingFiles(guard: PathGuard, absPath: string, texts: GradingTexts): Promise<void> {
  const paths = confined(guard, absPath);
  for (const which of ['reference', 'rubric'] as const) {
    const exists = await stat(paths[which]).then(() => true, () => false);
    if (texts[which] !== '' || exists) await writeFileSafely(paths[which], texts[which]);
  }
}

function confined(guard: PathGuard, absPath: string): GradingTexts {
  const paths = gradingPathsFor(absPath);
  return {
    reference: guard.resolveDerived(paths.reference, absPath, basename(paths.reference)),
    rubric: guard.resolveDerived(paths.rubric, absPath, basename(paths.rubric)),
  };
}
