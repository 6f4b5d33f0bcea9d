// Writes a seeded random-weight llama model as GGUF v3 (f32 weights, byte-fallback SPM vocabulary,
// a ChatML chat template) so tests and benchmarks have a real model file without downloading one.
//
//   npx tsx scripts/make-tiny-gguf.ts [--size test|bench] [--seed N] [--out PATH]
//
// The model says nothing useful, but it is a real llama graph that llama.cpp loads and runs.
// Control tokens and non-ASCII bytes are pushed far down in the logits (see `suppressedToken`) so
// random generation never stops early and always decodes to printable ASCII text.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../app/common/random';
import { encodeGgufHeader, tensorOffsets, type GgufMetaValue } from '../app/models/library/ggufWriter';

export type TinyModelSize = 'test' | 'bench';

export interface TinyModelOptions {
  size: TinyModelSize;
  seed: number;
}

interface Hyper {
  nEmbd: number;
  nLayer: number;
  nFf: number;
  nHead: number;
  nHeadKv: number;
  contextLength: number;
}

/** test ≈ 1 MB (fast to load and run); bench ≈ 43M parameters, 170 MB (the reference model). */
export const TINY_MODEL_HYPER: Record<TinyModelSize, Hyper> = {
  // 4096 tokens of context: byte-level tokens make real sample proofs long (tests pick smaller contexts).
  test: { nEmbd: 64, nLayer: 4, nFf: 128, nHead: 4, nHeadKv: 4, contextLength: 4096 },
  bench: { nEmbd: 512, nLayer: 12, nFf: 1536, nHead: 8, nHeadKv: 8, contextLength: 2048 },
};

export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

// Words (with the SPM word-start marker) whose every prefix becomes a token, so SPM merges reach them.
const WORDS = [
  'the', 'of', 'and', 'to', 'a', 'in', 'is', 'that', 'for', 'it', 'as', 'with', 'be', 'by', 'on', 'not',
  'this', 'are', 'we', 'from', 'or', 'an', 'if', 'then', 'so', 'let', 'all', 'there', 'proof', 'step',
  'prove', 'theorem', 'lemma', 'since', 'hence', 'therefore', 'integer', 'number', 'prime', 'even',
  'odd', 'sum', 'equal', 'function', 'set', 'case', 'every', 'some', 'exists', 'which', 'true', 'false',
  'score', 'issue', 'correct', 'answer', 'problem', 'solution', 'evaluation', 'verify',
];
const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

interface Vocab {
  tokens: string[];
  scores: number[];
  types: number[];
  suppressed: boolean[];
}

function buildVocab(): Vocab {
  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const suppressed: boolean[] = [];
  const add = (text: string, score: number, type: number, suppress: boolean) => {
    tokens.push(text);
    scores.push(score);
    types.push(type);
    suppressed.push(suppress);
  };
  add('<unk>', 0, TOKEN_TYPE.unknown, true);
  add('<s>', 0, TOKEN_TYPE.control, true);
  add('</s>', 0, TOKEN_TYPE.control, true);
  for (let byte = 0; byte < 256; byte++) {
    const printable = (byte >= 0x20 && byte < 0x7f) || byte === 0x0a;
    add(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, 0, TOKEN_TYPE.byte, !printable);
  }
  add('<|im_start|>', 0, TOKEN_TYPE.control, true);
  add('<|im_end|>', 0, TOKEN_TYPE.control, true);
  const pieces = new Set<string>();
  for (let c = 0x20; c < 0x7f; c++) pieces.add(c === 0x20 ? '▁' : String.fromCharCode(c));
  for (const word of WORDS) {
    const full = `▁${word}`;
    for (let end = 2; end <= full.length; end++) pieces.add(full.slice(0, end));
  }
  // Longer pieces score higher so SPM prefers them when merging.
  for (const piece of pieces) add(piece, -1000 + piece.length * 10 - tokens.length * 0.001, TOKEN_TYPE.normal, false);
  return { tokens, scores, types, suppressed };
}

const GGML_TYPE_F32 = 0;
const ALIGNMENT = 32;

interface TensorSpec {
  name: string;
  /** ggml order: dims[0] is the contiguous (row) dimension. */
  dims: number[];
  fill: (data: Float32Array, random: () => number) => void;
}

const uniform = (scale: number) => (data: Float32Array, random: () => number) => {
  for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * scale;
};
const ones = (data: Float32Array) => data.fill(1);
/** Output row 0 of a projection into the residual stream is zero: layers never change dimension 0. */
const noWriteToDim0 = (inner: TensorSpec['fill'], rowLength: number) => (data: Float32Array, random: () => number) => {
  inner(data, random);
  data.fill(0, 0, rowLength);
};

function tensorSpecs(h: Hyper, vocab: Vocab): TensorSpec[] {
  const nVocab = vocab.tokens.length;
  const headDim = h.nEmbd / h.nHead;
  const nEmbdKv = headDim * h.nHeadKv;
  const proj = 1 / Math.sqrt(h.nEmbd);
  const specs: TensorSpec[] = [
    {
      // Dimension 0 is a constant +4 in every embedding and no layer writes to it (see noWriteToDim0),
      // so it reaches the final norm as a positive feature; suppressed tokens' output rows weight it
      // strongly negative.
      name: 'token_embd.weight',
      dims: [h.nEmbd, nVocab],
      fill: (data, random) => {
        uniform(1)(data, random);
        for (let t = 0; t < nVocab; t++) data[t * h.nEmbd] = 4;
      },
    },
  ];
  for (let i = 0; i < h.nLayer; i++) {
    // Unit-scale projections: each layer adds about as much as the embedding, so the output depends on
    // the whole context (not just the last token) while RMS norms keep the logits finite.
    specs.push(
      { name: `blk.${i}.attn_norm.weight`, dims: [h.nEmbd], fill: ones },
      { name: `blk.${i}.attn_q.weight`, dims: [h.nEmbd, h.nEmbd], fill: uniform(proj * 2) },
      { name: `blk.${i}.attn_k.weight`, dims: [h.nEmbd, nEmbdKv], fill: uniform(proj * 2) },
      { name: `blk.${i}.attn_v.weight`, dims: [h.nEmbd, nEmbdKv], fill: uniform(proj) },
      { name: `blk.${i}.attn_output.weight`, dims: [h.nEmbd, h.nEmbd], fill: noWriteToDim0(uniform(proj * 2), h.nEmbd) },
      { name: `blk.${i}.ffn_norm.weight`, dims: [h.nEmbd], fill: ones },
      { name: `blk.${i}.ffn_gate.weight`, dims: [h.nEmbd, h.nFf], fill: uniform(proj) },
      { name: `blk.${i}.ffn_up.weight`, dims: [h.nEmbd, h.nFf], fill: uniform(proj) },
      { name: `blk.${i}.ffn_down.weight`, dims: [h.nFf, h.nEmbd], fill: noWriteToDim0(uniform(2 / Math.sqrt(h.nFf)), h.nFf) },
    );
  }
  specs.push(
    { name: 'output_norm.weight', dims: [h.nEmbd], fill: ones },
    {
      name: 'output.weight',
      dims: [h.nEmbd, nVocab],
      fill: (data, random) => {
        // Logit std ≈ 3: varied sampling at temperature 1, a clear argmax for greedy decoding.
        uniform(3 * Math.sqrt(3 / h.nEmbd))(data, random);
        for (let t = 0; t < nVocab; t++) data[t * h.nEmbd] = vocab.suppressed[t] ? -30 : 0; // × h[0] ≈ 2 after the norm
      },
    },
  );
  return specs;
}

function metadata(h: Hyper, vocab: Vocab, options: TinyModelOptions): [string, GgufMetaValue][] {
  const id = (name: string) => vocab.tokens.indexOf(name);
  return [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: `proofwright-tiny-${options.size}-seed${options.seed}` }],
    ['general.file_type', { type: 'u32', value: 0 }],
    ['general.alignment', { type: 'u32', value: ALIGNMENT }],
    ['llama.context_length', { type: 'u32', value: h.contextLength }],
    ['llama.embedding_length', { type: 'u32', value: h.nEmbd }],
    ['llama.block_count', { type: 'u32', value: h.nLayer }],
    ['llama.feed_forward_length', { type: 'u32', value: h.nFf }],
    ['llama.attention.head_count', { type: 'u32', value: h.nHead }],
    ['llama.attention.head_count_kv', { type: 'u32', value: h.nHeadKv }],
    ['llama.rope.dimension_count', { type: 'u32', value: h.nEmbd / h.nHead }],
    ['llama.rope.freq_base', { type: 'f32', value: 10000 }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ['llama.vocab_size', { type: 'u32', value: vocab.tokens.length }],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'strings', value: vocab.tokens }],
    ['tokenizer.ggml.scores', { type: 'f32s', value: vocab.scores }],
    ['tokenizer.ggml.token_type', { type: 'i32s', value: vocab.types }],
    ['tokenizer.ggml.unknown_token_id', { type: 'u32', value: id('<unk>') }],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: id('<s>') }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: id('<|im_end|>') }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    ['tokenizer.chat_template', { type: 'string', value: CHATML_TEMPLATE }],
  ];
}

/** Writes the model to `path` (atomically, via a temporary file next to it). */
export function writeTinyGguf(path: string, options: TinyModelOptions): { bytes: number; parameters: number } {
  const { meta, specs, parameters } = tinyModel(options);
  writeGgufFile(path, meta, specs, seededRandom(options.seed));
  return { bytes: statSync(path).size, parameters };
}

/**
 * Writes the same model (same weights as writeTinyGguf with these options) split in `parts` files the
 * way llama.cpp's gguf-split does: `<prefix>-00001-of-0000N.gguf` …, tensors in order over the parts,
 * all metadata in the first part, `split.no`/`split.count` (u16) in every part and
 * `split.tensors.count` (i32) in the first. Returns the parts' paths, the first one first.
 */
export function writeTinyGgufSplit(prefix: string, options: TinyModelOptions, parts: number): { paths: string[]; parameters: number } {
  const { meta, specs, parameters } = tinyModel(options);
  if (!Number.isInteger(parts) || parts < 2 || parts > specs.length) throw new Error(`parts must be an integer from 2 to ${specs.length}, got ${parts}`);
  const random = seededRandom(options.seed);
  const paths: string[] = [];
  const perPart = Math.ceil(specs.length / parts);
  for (let i = 0; i < parts; i++) {
    const path = `${prefix}-${String(i + 1).padStart(5, '0')}-of-${String(parts).padStart(5, '0')}.gguf`;
    const splitMeta: [string, GgufMetaValue][] = [
      ['split.no', { type: 'u16', value: i }],
      ['split.count', { type: 'u16', value: parts }],
      ...(i === 0 ? ([['split.tensors.count', { type: 'i32', value: specs.length }]] as [string, GgufMetaValue][]) : []),
    ];
    // Other parts carry the alignment too: their data starts on it (gguf-split copies general.alignment).
    const partMeta = i === 0 ? [...meta, ...splitMeta] : [...splitMeta, ['general.alignment', { type: 'u32', value: ALIGNMENT }] as [string, GgufMetaValue]];
    writeGgufFile(path, partMeta, specs.slice(i * perPart, (i + 1) * perPart), random);
    paths.push(path);
  }
  return { paths, parameters };
}

function tinyModel(options: TinyModelOptions): { meta: [string, GgufMetaValue][]; specs: TensorSpec[]; parameters: number } {
  const h = TINY_MODEL_HYPER[options.size];
  if (!h) throw new Error(`unknown tiny model size "${String(options.size)}" (expected test or bench)`);
  const vocab = buildVocab();
  const specs = tensorSpecs(h, vocab);
  const parameters = specs.map((spec) => spec.dims.reduce((a, b) => a * b, 1)).reduce((a, b) => a + b, 0);
  return { meta: metadata(h, vocab, options), specs, parameters };
}

/** One GGUF file of these tensors, filled in order from `random`, written atomically beside `path`. */
function writeGgufFile(path: string, meta: [string, GgufMetaValue][], specs: TensorSpec[], random: () => number): void {
  const counts = specs.map((spec) => spec.dims.reduce((a, b) => a * b, 1));
  const { offsets, total: offset } = tensorOffsets(counts.map((count) => count * 4), ALIGNMENT);
  const head = encodeGgufHeader(
    meta,
    specs.map((spec, i) => ({ name: spec.name, dims: spec.dims, type: GGML_TYPE_F32, offset: offsets[i] })),
    ALIGNMENT,
  );

  mkdirSync(dirname(path), { recursive: true });
  // Unique per writer: test workers may generate the same cached model at the same time.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, head);
    let written = 0;
    specs.forEach((spec, i) => {
      const count = counts[i];
      const data = new Float32Array(count);
      spec.fill(data, random);
      if (written < offsets[i]) writeSync(fd, Buffer.alloc(offsets[i] - written));
      writeSync(fd, new Uint8Array(data.buffer));
      written = offsets[i] + count * 4;
    });
    if (written < offset) writeSync(fd, Buffer.alloc(offset - written));
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Bump when the generator changes what it writes, so cached files are regenerated.
const GENERATOR_VERSION = 4;

/** The cached model for these options under fixtures/models/, written on first use. */
export function ensureTinyModel(options: Partial<TinyModelOptions> = {}): string {
  const full: TinyModelOptions = { size: options.size ?? 'test', seed: options.seed ?? 1 };
  const path = join(REPO_ROOT, 'fixtures', 'models', `tiny-${full.size}-seed${full.seed}-v${GENERATOR_VERSION}.gguf`);
  if (!existsSync(path)) writeTinyGguf(path, full);
  return path;
}

function main(argv: string[]) {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const size = (arg('--size') ?? 'test') as TinyModelSize;
  if (size !== 'test' && size !== 'bench') throw new Error(`--size must be test or bench, got "${size}"`);
  const seed = Number(arg('--seed') ?? 1);
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const out = arg('--out');
  if (out) {
    const { bytes, parameters } = writeTinyGguf(resolve(out), { size, seed });
    console.log(`${resolve(out)}: ${parameters} parameters, ${bytes} bytes`);
  } else {
    console.log(ensureTinyModel({ size, seed }));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
