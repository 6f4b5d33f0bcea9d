// The GPU memory of the node-llama-cpp runtime, once one has loaded. Kept apart from llama-runtime.ts
// (which imports node-llama-cpp) so the engine can ask without loading native code: a library screen
// must not start the GPU probe, which can take seconds (or build binaries) on a machine without them.

/** What the runtime reports: its GPU kind (`cuda`, `vulkan`, `metal`) and memory in bytes; null on a CPU-only runtime. */
export interface GpuMemory {
  kind: string;
  totalVramBytes: number;
  freeVramBytes: number;
}

let probe: (() => Promise<GpuMemory | null>) | null = null;

/** Called by llama-runtime.ts when a runtime has loaded. */
export function setGpuMemoryProbe(next: () => Promise<GpuMemory | null>): void {
  probe = next;
}

/** `probed: false` until a local model has been loaded in this process (the GPU is then unknown). */
export async function gpuMemory(): Promise<{ probed: boolean; gpu: GpuMemory | null }> {
  if (!probe) return { probed: false, gpu: null };
  try {
    return { probed: true, gpu: await probe() };
  } catch {
    return { probed: true, gpu: null };
  }
}
