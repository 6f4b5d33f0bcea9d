// GGUF header reader: magic, version, metadata key/values and tensor descriptions — never the weights.
// The file is read in chunks through one file handle, so a 20 GB model costs a few MB of reads.
// Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md

import { open, readlink, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import { ggmlTypeName, LLAMA_FILE_TYPES, tensorBytes } from './ggmlTypes';
import { MAX_SPLIT_PARTS, splitName, splitPartName, splitPartNames } from './splitGguf';

/** `missing-part`: a part of a split model (splitGguf.ts) is not beside the one read. */
export type GgufErrorCode = 'not-found' | 'not-a-file' | 'unreadable' | 'wrong-magic' | 'unsupported-version' | 'truncated' | 'corrupt' | 'missing-part';

/** What the reader saw when it gave up, for callers that word their own messages (the local backend). */
export interface GgufErrorFacts {
  /** The file's size, on every failure that comes from its contents. */
  fileSize?: number;
  /** The version field of an unsupported file. */
  version?: number;
  /** Bytes the header's tensors need when the file is shorter. */
  neededBytes?: number;
}

/** A GGUF file that cannot be used, with the reason as a code and a message a user can act on. */
export class GgufError extends Error {
  readonly facts: GgufErrorFacts;

  constructor(
    readonly code: GgufErrorCode,
    message: string,
    readonly path: string,
    options: { cause?: unknown } & GgufErrorFacts = {},
  ) {
    const { cause, ...facts } = options;
    super(message, 'cause' in options ? { cause } : undefined);
    this.name = 'GgufError';
    this.facts = facts;
  }
}

export type GgufScalar = number | bigint | boolean | string;

/** Arrays are summarised past `maxArrayItems` (a vocabulary has 150k entries): its length is always exact. */
export interface GgufArray {
  itemType: string;
  length: number;
  values: GgufScalar[];
  truncated: boolean;
}

export type GgufValue = GgufScalar | GgufArray;

export interface GgufTensorInfo {
  name: string;
  /** ggml order: dims[0] is the fastest-varying (row length). */
  dims: number[];
  type: number;
  typeName: string;
  /** Offset within the tensor-data section. */
  offset: number;
  /** Bytes of data, when the type is known. */
  bytes?: number;
  /** Of a split model: the part (0-based) whose data section holds it; `offset` is within that part. */
  part?: number;
}

export interface GgufHeader {
  path: string;
  fileSize: number;
  version: number;
  littleEndian: boolean;
  metadata: Record<string, GgufValue>;
  tensors: GgufTensorInfo[];
  /** File offset where tensor data begins (end of header, aligned). */
  dataOffset: number;
  /**
   * Of a split model read whole (see readGgufHeader): every part, the first one first, with its size.
   * `path`, `fileSize`, `metadata` and `dataOffset` are then the first part's; `tensors` are all parts'.
   */
  parts?: { path: string; fileSize: number }[];
}

export interface ReadGgufOptions {
  /** Array items kept per metadata array (the length is always exact). Default 64. */
  maxArrayItems?: number;
  /** Read only this file, not the other parts of the split model it belongs to. Default false. */
  onePart?: boolean;
}

const MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
const CHUNK = 1 << 20;
// Sanity bounds: beyond these a count or length is garbage, not a real model.
const MAX_STRING = 64 << 20;
const MAX_KV = 1_000_000;
const MAX_TENSORS = 10_000_000;
const MAX_DIMS = 8;

const VALUE_TYPES = ['UINT8', 'INT8', 'UINT16', 'INT16', 'UINT32', 'INT32', 'FLOAT32', 'BOOL', 'STRING', 'ARRAY', 'UINT64', 'INT64', 'FLOAT64'];

/** Buffered forward reader over a file handle; reads are synchronous once `need` has been awaited. */
class Cursor {
  private buffer = Buffer.alloc(0);
  private bufferStart = 0;
  pos = 0;
  littleEndian = true;

  constructor(
    private readonly file: FileHandle,
    readonly size: number,
    private readonly path: string,
  ) {}

  /** Makes `n` bytes at `pos` available; a file that ends first is truncated. */
  async need(n: number, what: string): Promise<void> {
    if (this.pos + n <= this.bufferStart + this.buffer.length) return;
    if (this.pos + n > this.size) {
      throw new GgufError('truncated', `${this.path}: the file ends inside its header (while reading ${what} at byte ${this.pos}; the file has ${this.size} bytes) — it is truncated, perhaps an interrupted download`, this.path, { fileSize: this.size });
    }
    const length = Math.min(Math.max(n, CHUNK), this.size - this.pos);
    const next = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.file.read(next, filled, length - filled, this.pos + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled < n) throw new GgufError('truncated', `${this.path}: the file ended while reading ${what}`, this.path, { fileSize: this.size });
    this.buffer = next.subarray(0, filled);
    this.bufferStart = this.pos;
  }

  has(n: number): boolean {
    return this.pos + n <= this.bufferStart + this.buffer.length;
  }

  private at(): number {
    return this.pos - this.bufferStart;
  }

  u8(): number {
    const v = this.buffer.readUInt8(this.at());
    this.pos += 1;
    return v;
  }
  i8(): number {
    const v = this.buffer.readInt8(this.at());
    this.pos += 1;
    return v;
  }
  u16(): number {
    const v = this.littleEndian ? this.buffer.readUInt16LE(this.at()) : this.buffer.readUInt16BE(this.at());
    this.pos += 2;
    return v;
  }
  i16(): number {
    const v = this.littleEndian ? this.buffer.readInt16LE(this.at()) : this.buffer.readInt16BE(this.at());
    this.pos += 2;
    return v;
  }
  u32(): number {
    const v = this.littleEndian ? this.buffer.readUInt32LE(this.at()) : this.buffer.readUInt32BE(this.at());
    this.pos += 4;
    return v;
  }
  i32(): number {
    const v = this.littleEndian ? this.buffer.readInt32LE(this.at()) : this.buffer.readInt32BE(this.at());
    this.pos += 4;
    return v;
  }
  f32(): number {
    const v = this.littleEndian ? this.buffer.readFloatLE(this.at()) : this.buffer.readFloatBE(this.at());
    this.pos += 4;
    return v;
  }
  f64(): number {
    const v = this.littleEndian ? this.buffer.readDoubleLE(this.at()) : this.buffer.readDoubleBE(this.at());
    this.pos += 8;
    return v;
  }
  u64(): bigint {
    const v = this.littleEndian ? this.buffer.readBigUInt64LE(this.at()) : this.buffer.readBigUInt64BE(this.at());
    this.pos += 8;
    return v;
  }
  i64(): bigint {
    const v = this.littleEndian ? this.buffer.readBigInt64LE(this.at()) : this.buffer.readBigInt64BE(this.at());
    this.pos += 8;
    return v;
  }
  /** The next u64 as a number (saturating), without moving. */
  peekU64(): number {
    const v = this.littleEndian ? this.buffer.readBigUInt64LE(this.at()) : this.buffer.readBigUInt64BE(this.at());
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  }
  skip(n: number): void {
    this.pos += n;
  }
  utf8(n: number): string {
    const v = this.buffer.toString('utf8', this.at(), this.at() + n);
    this.pos += n;
    return v;
  }
}

/**
 * Reads a GGUF file's header. Every failure is a GgufError with a specific code.
 *
 * A part of a split model (`split.count` > 1; splitGguf.ts) is read as the whole model, unless
 * `onePart`: the parts named like it in the same folder are read too, each checked to be the part its
 * name says, and their tensors joined (`parts` lists them); a part other than the first reads the first
 * (llama.cpp loads a split model from its first part). A part not there is a GgufError `missing-part`.
 */
export async function readGgufHeader(path: string, options: ReadGgufOptions = {}): Promise<GgufHeader> {
  const header = await readOneGgufHeader(path, options);
  const split = splitOf(header);
  if (options.onePart || !split) return header;
  const fileName = basename(path);
  const named = splitName(fileName);
  if (split.count > MAX_SPLIT_PARTS) throw new GgufError('corrupt', `${path}: the GGUF header says the model is split in ${split.count} files; at most ${MAX_SPLIT_PARTS} are read`, path, { fileSize: header.fileSize });
  if (named?.upperCase) {
    throw new GgufError('corrupt', `${path} is part ${split.no + 1} of ${split.count} of a split model: rename its parts to end in ".gguf" (lower case), the only name llama.cpp finds the other parts by`, path, { fileSize: header.fileSize });
  }
  if (!named || named.count !== split.count || named.part !== split.no + 1) {
    throw new GgufError('corrupt', `${path} is part ${split.no + 1} of ${split.count} of a split model, but its name does not say so: llama.cpp finds the other parts by names ending in ${splitPartName('', split.no + 1, split.count)} — rename the parts as gguf-split wrote them`, path, { fileSize: header.fileSize });
  }
  const names = splitPartNames(fileName);
  const partPath = (i: number) => join(dirname(path), names[i]);
  const missing = async (i: number, cause: unknown) => {
    // A link beside it whose file is gone says so (it is beside it; what it points to is not).
    const target = await readlink(partPath(i)).catch(() => undefined);
    return target !== undefined
      ? new GgufError('missing-part', `${path} is one part of a model split in ${split.count} files, and part ${i + 1} (${names[i]}) links to ${resolvePath(dirname(path), target)}, which is gone`, path, { cause })
      : new GgufError('missing-part', `${path} is one part of a model split in ${split.count} files, and part ${i + 1} (${names[i]}) is not beside it: keep all ${split.count} parts in one folder`, path, { cause });
  };
  if (split.no !== 0) {
    try {
      return await readGgufHeader(partPath(0), options);
    } catch (err) {
      throw err instanceof GgufError && err.code === 'not-found' && err.path === partPath(0) ? await missing(0, err) : err;
    }
  }
  const parts = [{ path, fileSize: header.fileSize }];
  const tensors = header.tensors.map((t) => ({ ...t, part: 0 }));
  for (let i = 1; i < split.count; i++) {
    let part: GgufHeader;
    try {
      part = await readOneGgufHeader(partPath(i), { maxArrayItems: 0 });
    } catch (err) {
      throw err instanceof GgufError && err.code === 'not-found' ? await missing(i, err) : err;
    }
    const keys = splitOf(part);
    if (!isPart(keys, i, split.count)) {
      throw new GgufError('corrupt', `${partPath(i)} should be part ${i + 1} of ${split.count} of ${fileName}'s model but its header says ${keys ? `part ${keys.no + 1} of ${keys.count}` : 'it is not a part of a split model'}`, partPath(i));
    }
    parts.push({ path: partPath(i), fileSize: part.fileSize });
    for (const t of part.tensors) tensors.push({ ...t, part: i });
  }
  const expected = header.metadata['split.tensors.count'];
  if (typeof expected === 'number' && expected !== tensors.length) {
    throw new GgufError('corrupt', `${path}: the split model's ${split.count} parts hold ${tensors.length} tensors but its first part says ${expected}`, path);
  }
  return { ...header, tensors, parts };
}

/** `split.no` (0-based) and `split.count` of a part of a split model (count > 1); undefined for a single-file model. */
export function splitOf(header: GgufHeader): { no: number; count: number } | undefined {
  const { 'split.no': no, 'split.count': count } = header.metadata;
  if (typeof count !== 'number' || count < 2) return undefined;
  return { no: typeof no === 'number' ? no : 0, count };
}

/** Whether split keys (splitOf) say the file is part `index` (0-based) of `count`. */
export function isPart(split: { no: number; count: number } | undefined, index: number, count: number): boolean {
  return split?.no === index && split.count === count;
}

async function readOneGgufHeader(path: string, options: ReadGgufOptions): Promise<GgufHeader> {
  const maxArrayItems = options.maxArrayItems ?? 64;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new GgufError('not-a-file', `${path} is not a file (a GGUF model is a single .gguf file)`, path);
    size = info.size;
  } catch (err) {
    if (err instanceof GgufError) throw err;
    throw fsError(err, path);
  }
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (err) {
    throw fsError(err, path);
  }
  try {
    return await parse(new Cursor(file, size, path), path, maxArrayItems);
  } catch (err) {
    if (err instanceof GgufError) throw err;
    // Buffer range errors and the like: the header contradicts itself.
    throw new GgufError('corrupt', `${path}: the GGUF header is corrupt (${(err as Error).message})`, path, { cause: err, fileSize: size });
  } finally {
    await file.close();
  }
}

function fsError(err: unknown, path: string): GgufError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new GgufError('not-found', `${path}: no such file`, path, { cause: err });
  if (code === 'EISDIR') return new GgufError('not-a-file', `${path} is a folder, not a GGUF file`, path, { cause: err });
  return new GgufError('unreadable', `${path}: cannot read the file (${code ?? (err as Error).message})`, path, { cause: err });
}

/** What a file that is not a GGUF model is told, the same for every surface: never its content. */
export const NOT_GGUF = 'is not a GGUF model file (GGUF files start with the bytes "GGUF")';

async function parse(c: Cursor, path: string, maxArrayItems: number): Promise<GgufHeader> {
  const corrupt = (why: string) => new GgufError('corrupt', `${path}: the GGUF header is corrupt: ${why}`, path, { fileSize: c.size });

  if (c.size < 4) {
    throw new GgufError(c.size === 0 ? 'truncated' : 'wrong-magic', c.size === 0 ? `${path} is empty: not a GGUF model` : `${path} ${NOT_GGUF}`, path, { fileSize: c.size });
  }
  await c.need(4, 'the magic number');
  const magic = c.u32();
  if (magic !== MAGIC) {
    // Never the bytes themselves: the path may be any readable file (an import names one), and its
    // content must not travel back to the client in an error message.
    throw new GgufError('wrong-magic', `${path} ${NOT_GGUF}`, path, { fileSize: c.size });
  }

  await c.need(4, 'the version');
  let version = c.u32();
  if (version > 0xffff && (version & 0xffff) === 0) {
    // A big-endian file (s390x builds): the version reads byte-swapped.
    c.littleEndian = false;
    c.pos -= 4;
    version = c.u32();
  }
  if (version < 2 || version > 3) {
    throw new GgufError('unsupported-version', `${path}: GGUF version ${version} is not supported (versions 2 and 3 are; version 1 files predate llama.cpp's current format — reconvert the model)`, path, { fileSize: c.size, version });
  }

  const count = async (what: string, max: number): Promise<number> => {
    await c.need(8, what);
    const v = c.u64();
    if (v > BigInt(max)) throw corrupt(`${what} is ${v}`);
    return Number(v);
  };
  const string = async (what: string): Promise<string> => {
    const length = await count(`the length of ${what}`, MAX_STRING);
    if (!c.has(length)) await c.need(length, what);
    return c.utf8(length);
  };

  const tensorCount = await count('the tensor count', MAX_TENSORS);
  const kvCount = await count('the metadata count', MAX_KV);

  const WIDTHS = [1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8];
  /** Reads a value whose bytes are already buffered. */
  const readFixed = (type: number): GgufScalar => {
    switch (type) {
      case 0: return c.u8();
      case 1: return c.i8();
      case 2: return c.u16();
      case 3: return c.i16();
      case 4: return c.u32();
      case 5: return c.i32();
      case 6: return c.f32();
      case 7: return c.u8() !== 0;
      case 10: return safeNumber(c.u64());
      case 11: return safeNumber(c.i64());
      default: return c.f64();
    }
  };
  // Awaits only when the buffer runs dry: a 150k-entry vocabulary must not cost 150k promises.
  const scalar = async (type: number, key: string): Promise<GgufScalar> => {
    if (type === 8) {
      if (!c.has(8)) await c.need(8, `the length of ${key}`);
      const length = c.u64();
      if (length > BigInt(MAX_STRING)) throw corrupt(`the length of ${key} is ${length}`);
      const n = Number(length);
      if (!c.has(n)) await c.need(n, key);
      return c.utf8(n);
    }
    const width = WIDTHS[type];
    if (!width) throw corrupt(`metadata key "${key}" has unknown value type ${type} (at byte ${c.pos})`);
    if (!c.has(width)) await c.need(width, `the value of ${key}`);
    return readFixed(type);
  };

  const metadata: Record<string, GgufValue> = {};
  for (let i = 0; i < kvCount; i++) {
    const key = await string(`metadata key #${i + 1}`);
    await c.need(4, `the type of ${key}`);
    const type = c.u32();
    if (type === 9) {
      await c.need(12, `the array header of ${key}`);
      const itemType = c.u32();
      if (itemType === 9 || VALUE_TYPES[itemType] === undefined) throw corrupt(`metadata array "${key}" has unsupported item type ${itemType}`);
      const length = safeNumber(c.u64());
      if (typeof length !== 'number' || length > c.size) throw corrupt(`metadata array "${key}" claims ${length} items`);
      const values: GgufScalar[] = [];
      const width = WIDTHS[itemType];
      for (let j = 0; j < length; j++) {
        let value: GgufScalar;
        if (itemType === 8 && c.has(8)) {
          // Fast path for buffered strings; scalar() handles the rest (and its error messages).
          const n = c.peekU64();
          value = n <= MAX_STRING && c.has(8 + n) ? (c.skip(8), c.utf8(n)) : await scalar(itemType, `${key}[${j}]`);
        } else if (width && c.has(width)) {
          value = readFixed(itemType);
        } else {
          value = await scalar(itemType, `${key}[${j}]`);
        }
        if (j < maxArrayItems) values.push(value);
      }
      metadata[key] = { itemType: VALUE_TYPES[itemType], length, values, truncated: length > maxArrayItems };
    } else {
      metadata[key] = await scalar(type, key);
    }
  }

  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = await string(`the name of tensor #${i + 1}`);
    await c.need(4, `the shape of ${name}`);
    const nDims = c.u32();
    if (nDims < 1 || nDims > MAX_DIMS) throw corrupt(`tensor "${name}" has ${nDims} dimensions`);
    await c.need(8 * nDims + 12, `the shape of ${name}`);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) {
      const dim = safeNumber(c.u64());
      if (typeof dim !== 'number') throw corrupt(`tensor "${name}" has dimension ${dim}`);
      dims.push(dim);
    }
    const type = c.u32();
    const offset = safeNumber(c.u64());
    if (typeof offset !== 'number') throw corrupt(`tensor "${name}" has offset ${offset}`);
    tensors.push({ name, dims, type, typeName: ggmlTypeName(type), offset, bytes: tensorBytes(type, dims) });
  }

  const alignmentValue = metadata['general.alignment'];
  const alignment = typeof alignmentValue === 'number' && alignmentValue > 0 ? alignmentValue : 32;
  const dataOffset = Math.ceil(c.pos / alignment) * alignment;

  // The header is fine; check the weights it describes are all there.
  let dataEnd = dataOffset;
  for (const t of tensors) if (t.bytes !== undefined) dataEnd = Math.max(dataEnd, dataOffset + t.offset + t.bytes);
  if (tensors.length > 0 && dataEnd > c.size) {
    throw new GgufError('truncated', `${path} is truncated: its header describes ${dataEnd} bytes but the file has ${c.size} (${Math.round((100 * c.size) / dataEnd)}% — an interrupted download?)`, path, {
      fileSize: c.size,
      neededBytes: dataEnd,
    });
  }

  return { path, fileSize: c.size, version, littleEndian: c.littleEndian, metadata, tensors, dataOffset };
}

function safeNumber(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}

// ————— Summary —————

export interface GgufSummary {
  path: string;
  /** Bytes on disk: all parts' of a split model. */
  fileSize: number;
  /** How many files a split model is in (absent for one file). */
  splitParts?: number;
  version: number;
  name?: string;
  architecture: string;
  /** Sum of all tensor elements. 0 for vocabulary-only files. */
  parameterCount: number;
  /** e.g. "1.5B", "43M". */
  parameterLabel: string;
  /** From general.file_type, e.g. "Q4_K_M"; undefined when the file does not say. */
  fileType?: string;
  /** Tensor count per ggml type, e.g. { Q4_K: 193, Q6_K: 25, F32: 113 }. */
  tensorTypes: Record<string, number>;
  /** The quantisation in one phrase: file type, else the dominant tensor type. */
  quantization: string;
  contextLength?: number;
  layers?: number;
  embeddingLength?: number;
  headCount?: number;
  headCountKv?: number;
  vocabSize?: number;
  chatTemplate?: string;
  /** Tensor data bytes (≈ the weights' memory). */
  weightsBytes: number;
  vocabOnly: boolean;
}

export interface MemoryEstimate {
  contextSize: number;
  weightsBytes: number;
  /** K and V caches in f16: 2 × layers × context × (kv heads × head dim) × 2 bytes. */
  kvCacheBytes: number;
  totalBytes: number;
}

export function summarizeGguf(header: GgufHeader): GgufSummary {
  const m = header.metadata;
  const str = (key: string) => (typeof m[key] === 'string' ? (m[key] as string) : undefined);
  const num = (key: string) => (typeof m[key] === 'number' ? (m[key] as number) : undefined);
  const architecture = str('general.architecture') ?? 'unknown';
  const a = (suffix: string) => num(`${architecture}.${suffix}`);

  const tensorTypes: Record<string, number> = {};
  const bytesByType: Record<string, number> = {};
  let parameterCount = 0;
  let weightsBytes = 0;
  for (const t of header.tensors) {
    const elements = t.dims.reduce((x, y) => x * y, 1);
    parameterCount += elements;
    weightsBytes += t.bytes ?? 0;
    tensorTypes[t.typeName] = (tensorTypes[t.typeName] ?? 0) + 1;
    bytesByType[t.typeName] = (bytesByType[t.typeName] ?? 0) + (t.bytes ?? 0);
  }
  const fileTypeNumber = num('general.file_type');
  const fileType = fileTypeNumber === undefined ? undefined : (LLAMA_FILE_TYPES[fileTypeNumber] ?? `file type ${fileTypeNumber}`);
  const dominant = Object.entries(bytesByType).sort((x, y) => y[1] - x[1])[0]?.[0];
  const tokens = m['tokenizer.ggml.tokens'];
  const headCountKv = m[`${architecture}.attention.head_count_kv`];

  return {
    path: header.path,
    fileSize: header.parts ? header.parts.reduce((sum, p) => sum + p.fileSize, 0) : header.fileSize,
    ...(header.parts ? { splitParts: header.parts.length } : {}),
    version: header.version,
    name: str('general.name'),
    architecture,
    parameterCount,
    parameterLabel: formatCount(parameterCount),
    fileType,
    tensorTypes,
    quantization: fileType ?? dominant ?? 'none (no tensors)',
    contextLength: a('context_length'),
    layers: a('block_count'),
    embeddingLength: a('embedding_length'),
    headCount: a('attention.head_count'),
    // Some architectures give one value per layer; the largest one bounds the cache.
    headCountKv: typeof headCountKv === 'number' ? headCountKv : typeof headCountKv === 'object' ? Math.max(...headCountKv.values.map(Number)) : undefined,
    vocabSize: typeof tokens === 'object' ? tokens.length : undefined,
    chatTemplate: str('tokenizer.chat_template'),
    weightsBytes,
    vocabOnly: header.tensors.length === 0,
  };
}

/**
 * RAM/VRAM to run the model with `contextSize` tokens of context: weights plus an f16 KV cache.
 * Compute buffers (a few hundred MB, more for big vocabularies) are not included.
 */
export function estimateMemory(header: GgufHeader, contextSize: number): MemoryEstimate {
  const summary = summarizeGguf(header);
  const m = header.metadata;
  const arch = summary.architecture;
  const layers = summary.layers ?? 0;
  const heads = summary.headCount ?? 0;
  const headDim = heads > 0 && summary.embeddingLength ? summary.embeddingLength / heads : 0;
  const keyLength = typeof m[`${arch}.attention.key_length`] === 'number' ? (m[`${arch}.attention.key_length`] as number) : headDim;
  const valueLength = typeof m[`${arch}.attention.value_length`] === 'number' ? (m[`${arch}.attention.value_length`] as number) : headDim;
  const kvHeads = summary.headCountKv ?? heads;
  const bytesPerElement = 2; // f16 cache, llama.cpp's default
  const kvCacheBytes = layers * contextSize * kvHeads * (keyLength + valueLength) * bytesPerElement;
  return { contextSize, weightsBytes: summary.weightsBytes, kvCacheBytes, totalBytes: summary.weightsBytes + kvCacheBytes };
}

export interface GgufInspection extends GgufSummary {
  memory: MemoryEstimate;
}

/** Header summary plus a memory estimate for `contextSize` (default: the model's own context length, capped at 8192). */
export async function inspectGguf(path: string, options: { contextSize?: number } = {}): Promise<GgufInspection> {
  const header = await readGgufHeader(path);
  const summary = summarizeGguf(header);
  const contextSize = options.contextSize ?? Math.min(summary.contextLength ?? 4096, 8192);
  return { ...summary, memory: estimateMemory(header, contextSize) };
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${trim(n / 1e9)}B`;
  if (n >= 1e6) return `${trim(n / 1e6)}M`;
  if (n >= 1e3) return `${trim(n / 1e3)}K`;
  return String(n);
}

/** Re-exported from app/common/model-library (one copy, shared with the workbench). */
export { formatBytes } from '../../common/model-library';

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1).replace(/\.0$/, '') : x.toFixed(2).replace(/\.?0+$/, '');
}
