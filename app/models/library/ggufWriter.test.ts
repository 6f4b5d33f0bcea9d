// The one GGUF encoder, read back by the library's reader from a real file: every value type the
// writers use arrives with its value, tensors at aligned offsets, data after the padded header.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGgufHeader } from './gguf';
import { encodeGgufHeader, tensorOffsets } from './ggufWriter';

const dir = mkdtempSync(join(tmpdir(), 'pw-gguf-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GGUF writer', () => {
  it('writes what the reader reads', async () => {
    const { offsets, total } = tensorOffsets([4 * 3, 4 * 8], 32);
    expect(offsets).toEqual([0, 32]);
    const header = encodeGgufHeader(
      [
        ['general.architecture', { type: 'string', value: 'llama' }],
        ['a.u32', { type: 'u32', value: 7 }],
        ['a.i32', { type: 'i32', value: -3 }],
        ['a.u64', { type: 'u64', value: 2 ** 40 }],
        ['a.f32', { type: 'f32', value: 0.5 }],
        ['a.bool', { type: 'bool', value: true }],
        ['a.strings', { type: 'strings', value: ['x', 'ÿ'] }],
        ['a.f32s', { type: 'f32s', value: [1.5, -2] }],
        ['a.i32s', { type: 'i32s', value: [-1, 2] }],
      ],
      [
        { name: 'v', dims: [3], type: 0, offset: offsets[0] },
        { name: 'm', dims: [4, 2], type: 0, offset: offsets[1] },
      ],
    );
    expect(header.length % 32).toBe(0);
    const path = join(dir, 'x.gguf');
    writeFileSync(path, Buffer.concat([header, Buffer.alloc(total)]));
    const read = await readGgufHeader(path);
    expect(read.version).toBe(3);
    expect(read.dataOffset).toBe(header.length);
    const values = Object.fromEntries(Object.entries(read.metadata).map(([k, v]) => [k, typeof v === 'object' && v !== null && 'values' in v ? v.values : v]));
    expect(values).toMatchObject({
      'general.architecture': 'llama',
      'a.u32': 7,
      'a.i32': -3,
      'a.f32': 0.5,
      'a.bool': true,
      'a.strings': ['x', 'ÿ'],
      'a.f32s': [1.5, -2],
      'a.i32s': [-1, 2],
    });
    expect(Number(values['a.u64'])).toBe(2 ** 40);
    expect(read.tensors.map((t) => [t.name, t.dims, t.offset])).toEqual([
      ['v', [3], 0],
      ['m', [4, 2], 32],
    ]);
  });
});
