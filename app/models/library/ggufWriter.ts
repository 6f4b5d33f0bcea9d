// The one GGUF encoder (format v3): metadata key/values, tensor infos and aligned tensor data. Used by
// the tiny random-weight model the local-backend tests and benchmarks run (scripts/make-tiny-gguf.ts)
// and by the small files the library's inspect tests read (testGguf.ts). Only what those need; the
// reader is gguf.ts.

/** A metadata value to write, by GGUF value type (arrays hold one element type); the reader's is `GgufValue`. */
export type GgufMetaValue =
  | { type: 'u16' | 'u32' | 'i32' | 'u64' | 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'strings'; value: string[] }
  | { type: 'f32s' | 'i32s'; value: number[] };

/** One tensor's info: `dims[0]` is the contiguous (row) dimension; `offset` is from the data start. */
export interface GgufTensorEntry {
  name: string;
  dims: number[];
  /** ggml type (0 = F32, 1 = F16, 8 = Q8_0…). */
  type: number;
  offset: number;
}

const VALUE_TYPE = { u16: 2, u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10 } as const;

/** Little-endian bytes, appended in order. */
class ByteWriter {
  private chunks: Buffer[] = [];
  length = 0;
  private push(buf: Buffer): void {
    this.chunks.push(buf);
    this.length += buf.length;
  }
  u16(n: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(n);
    this.push(b);
  }
  u32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }
  i32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    this.push(b);
  }
  u64(n: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }
  f32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(n);
    this.push(b);
  }
  bool(v: boolean): void {
    this.push(Buffer.from([v ? 1 : 0]));
  }
  str(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  pad(alignment: number): void {
    const rest = this.length % alignment;
    if (rest !== 0) this.push(Buffer.alloc(alignment - rest));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function writeValue(w: ByteWriter, v: GgufMetaValue): void {
  switch (v.type) {
    case 'u16':
    case 'u32':
    case 'i32':
    case 'u64':
    case 'f32':
      w.u32(VALUE_TYPE[v.type]);
      return w[v.type](v.value);
    case 'bool':
      w.u32(VALUE_TYPE.bool);
      return w.bool(v.value);
    case 'string':
      w.u32(VALUE_TYPE.string);
      return w.str(v.value);
    case 'strings':
      w.u32(VALUE_TYPE.array);
      w.u32(VALUE_TYPE.string);
      w.u64(v.value.length);
      for (const s of v.value) w.str(s);
      return;
    case 'f32s':
    case 'i32s': {
      const element = v.type === 'f32s' ? 'f32' : 'i32';
      w.u32(VALUE_TYPE.array);
      w.u32(VALUE_TYPE[element]);
      w.u64(v.value.length);
      for (const n of v.value) w[element](n);
      return;
    }
  }
}

/** Offsets of tensors of these byte sizes, each starting on `alignment`; `total` is the data size. */
export function tensorOffsets(sizes: number[], alignment = 32): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let offset = 0;
  for (const size of sizes) {
    offsets.push(offset);
    offset += Math.ceil(size / alignment) * alignment;
  }
  return { offsets, total: offset };
}

/**
 * Everything before the tensor data: magic, version 3, counts, metadata in the given order, tensor
 * infos, zero padding to `alignment` (the data section starts there).
 */
export function encodeGgufHeader(metadata: [string, GgufMetaValue][], tensors: GgufTensorEntry[], alignment = 32): Buffer {
  const w = new ByteWriter();
  w.u32(0x46554747); // "GGUF" little-endian
  w.u32(3);
  w.u64(tensors.length);
  w.u64(metadata.length);
  for (const [key, value] of metadata) {
    w.str(key);
    writeValue(w, value);
  }
  for (const t of tensors) {
    w.str(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(t.type);
    w.u64(t.offset);
  }
  w.pad(alignment);
  return w.toBuffer();
}
