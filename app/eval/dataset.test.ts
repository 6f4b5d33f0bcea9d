import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDataset, readDataset } from './dataset';

describe('evaluation datasets', () => {
  it('reads graded proofs with their extra fields, skipping blank lines', () => {
    const records = parseDataset(
      [
        JSON.stringify({ id: 7, problem: 'Show $1+1=2$.', proof: 'Trivial.', grade: 7, level: 'easy' }),
        '',
        JSON.stringify({ problem: 'P', proof: 'Q', human_grade: 0.5 }),
      ].join('\n'),
    );
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ id: '7', grade: 7, fields: { level: 'easy' } });
    expect(records[1]).toMatchObject({ id: 'line-3', grade: 0.5 });
  });

  it('names the line and the problem for bad input', () => {
    expect(() => parseDataset('{"problem":"P","proof":"Q","grade":1}\n{oops', 'd.jsonl')).toThrow('d.jsonl:2: not valid JSON');
    expect(() => parseDataset('{"problem":"P","proof":"Q"}', 'd.jsonl')).toThrow(/d\.jsonl:1: needs a "grade"/);
    expect(() => parseDataset('{"problem":"","proof":"Q","grade":1}', 'd.jsonl')).toThrow(/d\.jsonl:1: problem is empty/);
    expect(() => parseDataset('\n\n', 'd.jsonl')).toThrow('d.jsonl: no records');
  });

  it('checks every grade is a number from 0 to 7 when reading (a string holding one is that number), naming the line', () => {
    const line = (grade: string) => `{"problem":"P","proof":"Q","grade":${grade}}`;
    expect(parseDataset([line('"7"'), line('" 0.5 "'), line('3')].join('\n')).map((r) => r.grade)).toEqual([7, 0.5, 3]);
    for (const bad of ['8', '-1', '"seven"', '"NaN"', '1e400', 'null', '"7 points"']) {
      expect(() => parseDataset(`${line('1')}\n\n${line(bad)}`, 'd.jsonl')).toThrow('d.jsonl:3: must be a number from 0 to 7 (0–7, or 0/0.5/1) (grade)');
    }
  });

  it('reads from disk and reports a missing file clearly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-eval-'));
    const path = join(dir, 'grades.jsonl');
    await writeFile(path, JSON.stringify({ problem: 'P', proof: 'Q', grade: 0 }) + '\n');
    expect(await readDataset(path)).toHaveLength(1);
    await expect(readDataset(join(dir, 'missing.jsonl'))).rejects.toThrow(/cannot read .*missing\.jsonl: ENOENT/);
  });
});
