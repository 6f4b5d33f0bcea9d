// Reads an evaluation dataset: JSON Lines, one graded proof per line. Every line is validated and a
// bad line is reported with its line number rather than skipped silently.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { decodeText } from '../common/decode';

/**
 * A human grade: a number from 0 to 7 (0–7 or 0/0.5/1 scales), checked here so a bad line is refused
 * with its line number before any model call, not after the whole run. A number written as a string
 * ("7", as CSV → JSONL conversions leave it) is read as that number; any other string is refused.
 */
const GRADE_MESSAGE = 'must be a number from 0 to 7 (0–7, or 0/0.5/1)';
const gradeSchema = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v),
  z.number({ error: GRADE_MESSAGE }).min(0, GRADE_MESSAGE).max(7, GRADE_MESSAGE),
);

const lineSchema = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    problem: z.string().min(1, 'problem is empty'),
    proof: z.string().min(1, 'proof is empty'),
    grade: gradeSchema.optional(),
    human_grade: gradeSchema.optional(),
    // Grading with a reference (IMO-ProofBench ships `reference_solution` and `grading_guidelines`).
    reference: z.string().optional(),
    reference_solution: z.string().optional(),
    rubric: z.string().optional(),
    guidelines: z.string().optional(),
    grading_guidelines: z.string().optional(),
  })
  .passthrough()
  .refine((v) => v.grade !== undefined || v.human_grade !== undefined, { message: 'needs a "grade" (0–7 or 0/0.5/1)' });

export interface EvalRecord {
  id: string;
  problem: string;
  proof: string;
  grade: number;
  /** The reference solution (`reference` or `reference_solution`), when the line has one. */
  reference?: string;
  /** The marking scheme (`rubric`, `guidelines` or `grading_guidelines`), when the line has one. */
  rubric?: string;
  /** The whole line, for `--by FIELD` grouping. */
  fields: Record<string, unknown>;
}

export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

export function parseDataset(text: string, source = 'dataset'): EvalRecord[] {
  const records: EvalRecord[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new DatasetError(`${source}:${i + 1}: not valid JSON`);
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue.path.length ? ` (${issue.path.join('.')})` : '';
      throw new DatasetError(`${source}:${i + 1}: ${issue.message}${where}`);
    }
    const v = parsed.data;
    records.push({
      id: v.id !== undefined ? String(v.id) : `line-${i + 1}`,
      problem: v.problem,
      proof: v.proof,
      grade: (v.grade ?? v.human_grade)!,
      ...(v.reference ?? v.reference_solution ? { reference: (v.reference ?? v.reference_solution)! } : {}),
      ...(v.rubric ?? v.guidelines ?? v.grading_guidelines ? { rubric: (v.rubric ?? v.guidelines ?? v.grading_guidelines)! } : {}),
      fields: v as Record<string, unknown>,
    });
  });
  if (records.length === 0) throw new DatasetError(`${source}: no records`);
  return records;
}

export async function readDataset(path: string): Promise<EvalRecord[]> {
  let text: string;
  try {
    // A BOM (JSONL saved on Windows) would make line 1 "not valid JSON"; decodeText drops it.
    text = decodeText(await readFile(path)).text;
  } catch (error) {
    throw new DatasetError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseDataset(text, path);
}
