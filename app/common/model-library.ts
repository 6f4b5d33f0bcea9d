// The model library as the engine and the workbench share it: the shapes of the contract's library
// methods (inspect card, machine memory, pending pulls, local load settings) and the pure helpers
// both sides word things with (sizes, speeds, whether a model fits this machine). Pure TypeScript:
// no Node APIs, no DOM.
import { z } from 'zod';
import { int, nonNegInt } from './schemas/primitives';

/** A pull's state: `paused` keeps the bytes received (resume continues them with HTTP Range); `cancelled` kept nothing. */
export const PullStateSchema = z.enum(['running', 'paused', 'done', 'failed', 'cancelled']);
export type PullState = z.output<typeof PullStateSchema>;

/** A pull that has not finished: running in the engine now, or paused with its partial file on disk. */
export const PendingPullSchema = z.looseObject({
  /** Set while it runs (what cancelPull takes). */
  pullId: z.string().optional(),
  ref: z.string(),
  fileName: z.string(),
  receivedBytes: nonNegInt,
  totalBytes: nonNegInt.nullable(),
  state: z.enum(['running', 'paused']),
});
export type PendingPull = z.output<typeof PendingPullSchema>;

/** The GGUF header's facts, for the inspect card (app/models/library/gguf.ts `inspectGguf`). */
export const ModelInspectionSchema = z.looseObject({
  architecture: z.string(),
  /** "1.5B", "43M". */
  parameters: z.string(),
  parameterCount: nonNegInt,
  quantization: z.string(),
  /** Bytes on disk, all files of a split model. */
  fileSize: nonNegInt,
  /** How many files a split model is in (absent for one file). */
  splitParts: int.positive().optional(),
  contextLength: int.optional(),
  layers: int.optional(),
  embeddingLength: int.optional(),
  headCount: int.optional(),
  headCountKv: int.optional(),
  vocabSize: int.optional(),
  chatTemplate: z.string().optional(),
  /** Memory to run it at `contextSize` tokens: weights + f16 KV cache (compute buffers extra). */
  memory: z.looseObject({ contextSize: int.positive(), weightsBytes: nonNegInt, kvCacheBytes: nonNegInt, totalBytes: nonNegInt }),
});
export type ModelInspection = z.output<typeof ModelInspectionSchema>;

/** This machine's memory, to say whether a model fits. The GPU is known only once the local runtime has loaded. */
export const MachineInfoSchema = z.looseObject({
  totalMemoryBytes: nonNegInt,
  freeMemoryBytes: nonNegInt,
  cpuCores: int.positive(),
  gpu: z.looseObject({ kind: z.string(), totalVramBytes: nonNegInt, freeVramBytes: nonNegInt }).nullable(),
  /** False when the GPU was not probed (no local model loaded yet): `gpu: null` then means "unknown". */
  gpuProbed: z.boolean(),
});
export type MachineInfo = z.output<typeof MachineInfoSchema>;

/**
 * The longest model file name, in UTF-8 bytes, with the `.partial.json` suffix a pull writes beside it
 * (most file systems' limit). One rule for a name the library creates (import, pull) and for the ids
 * the contract takes (inspectModel, removeModel): an id is a file name less `.gguf`, and its length in
 * UTF-16 units is never more than its UTF-8 bytes, so every name the library can create is an id the
 * contract accepts.
 */
export const MODEL_FILE_NAME_MAX_BYTES = 255;
/** A library model's id (its file name less `.gguf`) as the contract takes it. */
export const ModelIdSchema = z.string().min(1).max(MODEL_FILE_NAME_MAX_BYTES);

/**
 * The ranges of the local load settings: the schema below and the workbench's fields both check these,
 * so a value the form takes is one the engine saves. Context is per sequence (llama.cpp allocates it for
 * each parallel sequence).
 */
export const LOCAL_LOAD_LIMITS = { threads: 1024, contextSize: 1 << 21, gpuLayers: 100_000 } as const;
const localLoadShape = {
  threads: int.positive().max(LOCAL_LOAD_LIMITS.threads).nullable(),
  contextSize: int.positive().max(LOCAL_LOAD_LIMITS.contextSize).nullable(),
  gpuLayers: z.union([z.enum(['auto', 'max']), nonNegInt.max(LOCAL_LOAD_LIMITS.gpuLayers)]),
};
/** How a local model is loaded (null: chosen by the engine from the cores, the trained context, the GPU). */
export const LocalLoadSettingsSchema = z.looseObject(localLoadShape);
export const LocalLoadPatchSchema = z.strictObject(localLoadShape).partial();
export type LocalLoadSettings = z.output<typeof LocalLoadSettingsSchema>;
export const DEFAULT_LOCAL_LOAD: LocalLoadSettings = { threads: null, contextSize: null, gpuLayers: 'auto' };

/**
 * A file path as typed or pasted into a field, read the way a shell reads one word: quotes around it
 * ("…" or '…', as a file manager's "Copy as path" gives it) removed, and a leading `~` (alone or before
 * a slash) the home folder `home` (reviewer rev18 F12: `~/m.gguf` was read as a workspace folder named
 * "~"). Spaces around it are trimmed; `~user` is left as it is (no such lookup here).
 */
export function typedPath(text: string, home: string): string {
  let path = text.trim();
  const quoted = /^(["'])(.*)\1$/s.exec(path);
  if (quoted) path = quoted[2];
  if (path === '~') return home;
  if (/^~[\\/]/.test(path)) return `${home.replace(/[\\/]+$/, '')}${path.slice(1)}`;
  return path;
}

/**
 * A library model as messages name it: its own name (the GGUF's general.name) and its file, since
 * several files (two quantisations, two copies) can carry one name (reviewer rev18 F7); the file alone
 * where the two are the same. `id` is the library's file name without `.gguf` (unique in the library).
 */
export function modelLabel(model: { id: string; name: string }): string {
  return model.name === model.id ? `${model.id}.gguf` : `${model.name} (${model.id}.gguf)`;
}

/** "1.5 GiB": binary units, two decimals under 10. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** "3.2 MiB/s". */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

export type Fit = 'gpu' | 'ram' | 'tight' | 'too-large';

/**
 * Whether a model needing `memoryBytes` (weights + KV cache at the chosen context) fits this machine:
 * `gpu` when it fits in 90 % of the GPU's memory (all layers offloaded), `ram` in 80 % of the RAM (CPU,
 * or split between GPU and CPU), `tight` up to all of it (other programs will be paged out), else
 * `too-large`. The margins leave room for compute buffers and the rest of the system, which the
 * header-based estimate does not count. `text` says it in words, with the figures.
 */
export function fitsMachine(memoryBytes: number, machine: MachineInfo): { fit: Fit; text: string } {
  const need = formatBytes(memoryBytes);
  if (machine.gpu && memoryBytes <= 0.9 * machine.gpu.totalVramBytes) {
    return { fit: 'gpu', text: `fits in GPU memory (${need} of ${formatBytes(machine.gpu.totalVramBytes)})` };
  }
  const ram = machine.totalMemoryBytes;
  if (memoryBytes <= 0.8 * ram) {
    const free = memoryBytes > machine.freeMemoryBytes ? `; only ${formatBytes(machine.freeMemoryBytes)} free now` : '';
    return { fit: 'ram', text: `fits in RAM (${need} of ${formatBytes(ram)}${free})` };
  }
  if (memoryBytes <= ram) return { fit: 'tight', text: `tight: needs ${need} of ${formatBytes(ram)} RAM` };
  return { fit: 'too-large', text: `too large: needs ${need}, this machine has ${formatBytes(ram)} RAM${machine.gpu ? ` and ${formatBytes(machine.gpu.totalVramBytes)} GPU memory` : ''}` };
}
