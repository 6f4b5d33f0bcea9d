// One node-llama-cpp runtime per process and GPU choice: loading the native binding (and probing
// CUDA/Vulkan/Metal for gpu: 'auto') is slow and needs doing once, not per model.
import { getLlama, LlamaLogLevel, type Llama, type LlamaOptions } from 'node-llama-cpp';
import { setGpuMemoryProbe } from './gpu-memory';

export type GpuChoice = NonNullable<LlamaOptions['gpu']>;

const runtimes = new Map<string, Promise<Llama>>();

// llama.cpp reports why a model failed to load only in its log ("unknown model architecture: 'x'",
// "missing tensor 'y'"); node-llama-cpp's error just says "Failed to load model". Keep the last
// error lines so load failures can say why, instead of printing them to stderr.
const recentErrors: string[] = [];
const MAX_RECENT_ERRORS = 20;

function logger(level: LlamaLogLevel, message: string): void {
  if (level !== LlamaLogLevel.error && level !== LlamaLogLevel.fatal) return;
  recentErrors.push(message.trim());
  if (recentErrors.length > MAX_RECENT_ERRORS) recentErrors.shift();
}

/** llama.cpp error lines logged since the last call (oldest first), and forget them. */
export function takeLlamaErrors(): string[] {
  return recentErrors.splice(0);
}

export function getLlamaRuntime(gpu: GpuChoice = 'auto'): Promise<Llama> {
  const key = JSON.stringify(gpu);
  let runtime = runtimes.get(key);
  if (!runtime) {
    // maxThreads 0: no global cap, each context uses exactly the threads it asks for (we pick them).
    runtime = getLlama({ gpu, maxThreads: 0, logLevel: LlamaLogLevel.error, logger, progressLogs: false });
    runtimes.set(key, runtime);
    runtime.then(
      (llama) =>
        setGpuMemoryProbe(async () => {
          if (llama.gpu === false) return null;
          const vram = await llama.getVramState();
          return { kind: String(llama.gpu), totalVramBytes: vram.total, freeVramBytes: vram.free };
        }),
      () => runtimes.delete(key),
    );
  }
  return runtime;
}
