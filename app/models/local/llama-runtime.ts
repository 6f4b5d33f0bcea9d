// One node-llama-cpp runtime per process and GPU choice: loading the native binding (and probing
// CUDA/Vulkan/Metal for gpu: 'auto') is slow and needs doing once, not per model.
import { getLlama, LlamaLogLevel, type Llama, type LlamaOptions } from 'node-llama-cpp';

export type GpuChoice = NonNullable<LlamaOptions['gpu']>;

const runtimes = new Map<string, Promise<Llama>>();

export function getLlamaRuntime(gpu: GpuChoice = 'auto'): Promise<Llama> {
  const key = JSON.stringify(gpu);
  let runtime = runtimes.get(key);
  if (!runtime) {
    // maxThreads 0: no global cap, each context uses exactly the threads it asks for (we pick them).
    runtime = getLlama({ gpu, maxThreads: 0, logLevel: LlamaLogLevel.error, progressLogs: false });
    runtimes.set(key, runtime);
    runtime.catch(() => runtimes.delete(key));
  }
  return runtime;
}
