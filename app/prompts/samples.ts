// Sample proofs shipped in resources/samples/: NAME.md or NAME.tex holds the proof, and the sibling
// NAME.problem.md holds the problem statement (see resources/samples/README.md).
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { basename, extname, join } from 'node:path';
import { decodeText } from '../common/decode';
import { isProofFile, PROBLEM_FILE_SUFFIX, PROOF_FILE_FORMATS, proofStem } from '../common/proof-files';

export const SAMPLES_DIR = fileURLToPath(new URL('../../resources/samples/', import.meta.url));

export interface Sample {
  name: string;
  proofPath: string;
  problemPath: string;
  proof: string;
  problem: string;
}

/** Path of the problem file that goes with a proof file: `dir/NAME.md` → `dir/NAME.problem.md`. */
export function problemPathFor(proofPath: string): string {
  return `${proofStem(proofPath)}${PROBLEM_FILE_SUFFIX}`;
}

/** The problem statement for a proof file, read from its sibling `NAME.problem.md`. */
export async function readProblemFor(proofPath: string): Promise<string> {
  const problemPath = problemPathFor(proofPath);
  try {
    // The same decoding as the proof's (BOM dropped, Latin-1 read as such): a problem file saved by the
    // same editor as the proof must not reach the model garbled.
    return decodeText(await readFile(problemPath)).text.trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`No problem statement for ${proofPath}: expected it in ${problemPath}`);
    }
    throw err;
  }
}

/** Names of the shipped samples (a proof file with a sibling problem file), sorted. */
export async function listSamples(dir = SAMPLES_DIR): Promise<string[]> {
  const files = await readdir(dir);
  return files
    .filter((f) => isProofFile(f) && files.includes(`${proofStem(f)}${PROBLEM_FILE_SUFFIX}`))
    .map((f) => proofStem(f))
    .sort();
}

/** A shipped sample by name (`gap-cauchy-continuous`) or by proof path. */
export async function loadSample(nameOrPath: string, dir = SAMPLES_DIR): Promise<Sample> {
  let proofPath = nameOrPath;
  if (!(extname(nameOrPath).toLowerCase() in PROOF_FILE_FORMATS)) {
    const files = await readdir(dir);
    const file = Object.keys(PROOF_FILE_FORMATS).map((ext) => `${nameOrPath}${ext}`).find((f) => files.includes(f));
    if (!file) throw new Error(`No sample named "${nameOrPath}" in ${dir}; samples: ${(await listSamples(dir)).join(', ')}`);
    proofPath = join(dir, file);
  }
  const [proof, problem] = await Promise.all([readFile(proofPath, 'utf8'), readProblemFor(proofPath)]);
  return { name: basename(proofPath, extname(proofPath)), proofPath, problemPath: problemPathFor(proofPath), proof, problem };
}
