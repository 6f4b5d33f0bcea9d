// Test helper: writes small but well-formed GGUF files (header + zero-filled tensor data, encoded by
// ggufWriter.ts), and pulls
// llama.cpp's real vocabulary-only GGUFs out of the git bundle node-llama-cpp ships.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tensorBytes } from './ggmlTypes';
import { encodeGgufHeader, tensorOffsets, type GgufMetaValue } from './ggufWriter';

/** A metadata value (the one GGUF encoder's type, `ggufWriter.ts`). */
export type TestValue = GgufMetaValue;

export interface TestTensor {
  name: string;
  dims: number[];
  type: number;
}

export interface TestGgufOptions {
  metadata: Record<string, TestValue>;
  tensors: TestTensor[];
  /** Seed for deterministic pseudo-random tensor bytes (default: zeros). */
  seed?: number;
}

/** A whole GGUF file in memory: the header, then tensor data (zeros, or xorshift bytes from `seed`). */
export function buildTestGguf(options: TestGgufOptions): Buffer {
  const { offsets, total } = tensorOffsets(options.tensors.map((t) => tensorBytes(t.type, t.dims)!));
  const header = encodeGgufHeader(
    Object.entries(options.metadata),
    options.tensors.map((t, i) => ({ ...t, offset: offsets[i] })),
  );
  const data = Buffer.alloc(total);
  if (options.seed !== undefined) {
    let x = options.seed >>> 0 || 1;
    for (let i = 0; i < data.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      data[i] = x & 0xff;
    }
  }
  return Buffer.concat([header, data]);
}

/** A 2-layer llama-shaped model: n_embd 64, 4 heads (2 KV heads), vocab 300, ff 128. */
export function tinyLlamaGguf(options: { seed?: number; type?: number; name?: string } = {}): Buffer {
  const type = options.type ?? 0;
  const embd = 256; // multiple of 256 so every quantised type fits whole blocks
  const tensors: TestTensor[] = [{ name: 'token_embd.weight', dims: [embd, 300], type }];
  for (let l = 0; l < 2; l++) {
    tensors.push(
      { name: `blk.${l}.attn_norm.weight`, dims: [embd], type: 0 },
      { name: `blk.${l}.attn_q.weight`, dims: [embd, embd], type },
      { name: `blk.${l}.attn_k.weight`, dims: [embd, embd / 2], type },
      { name: `blk.${l}.attn_v.weight`, dims: [embd, embd / 2], type },
      { name: `blk.${l}.attn_output.weight`, dims: [embd, embd], type },
      { name: `blk.${l}.ffn_norm.weight`, dims: [embd], type: 0 },
      { name: `blk.${l}.ffn_gate.weight`, dims: [embd, 512], type },
      { name: `blk.${l}.ffn_up.weight`, dims: [embd, 512], type },
      { name: `blk.${l}.ffn_down.weight`, dims: [512, embd], type },
    );
  }
  tensors.push({ name: 'output_norm.weight', dims: [embd], type: 0 }, { name: 'output.weight', dims: [embd, 300], type });
  return buildTestGguf({
    seed: options.seed,
    metadata: {
      'general.architecture': { type: 'string', value: 'llama' },
      'general.name': { type: 'string', value: options.name ?? 'tiny-test' },
      'general.file_type': { type: 'u32', value: type === 0 ? 0 : type === 12 ? 15 : 7 },
      'llama.context_length': { type: 'u32', value: 2048 },
      'llama.embedding_length': { type: 'u32', value: embd },
      'llama.block_count': { type: 'u32', value: 2 },
      'llama.feed_forward_length': { type: 'u32', value: 512 },
      'llama.attention.head_count': { type: 'u32', value: 4 },
      'llama.attention.head_count_kv': { type: 'u32', value: 2 },
      'llama.attention.layer_norm_rms_epsilon': { type: 'f32', value: 1e-5 },
      'tokenizer.ggml.model': { type: 'string', value: 'llama' },
      'tokenizer.ggml.tokens': { type: 'strings', value: Array.from({ length: 300 }, (_, i) => `t${i}`) },
      'tokenizer.chat_template': { type: 'string', value: '{% for m in messages %}{{ m.content }}{% endfor %}' },
    },
    tensors,
  });
}

/** Extracts models/ggml-vocab-NAME.gguf from node-llama-cpp's llama.cpp git bundle into `dir` (cached). */
export function vocabGguf(name: string, dir: string): string {
  const out = join(dir, `ggml-vocab-${name}.gguf`);
  if (existsSync(out)) return out;
  const bundle = fileURLToPath(new URL('../../../node_modules/node-llama-cpp/llama/gitRelease.bundle', import.meta.url));
  mkdirSync(dir, { recursive: true });
  // A private repository and a temporary file per call: parallel test workers may extract at once.
  const gitDir = mkdtempSync(join(dir, 'bundle-'));
  try {
    execFileSync('git', ['init', '-q', '--bare', gitDir]);
    execFileSync('git', ['--git-dir', gitDir, 'fetch', '-q', bundle, 'HEAD']);
    const bytes = execFileSync('git', ['--git-dir', gitDir, 'show', `FETCH_HEAD:models/ggml-vocab-${name}.gguf`], { maxBuffer: 64 << 20 });
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, out);
  } finally {
    rmSync(gitDir, { recursive: true, force: true });
  }
  return out;
}
