// How many CPU threads llama.cpp should use. node-llama-cpp defaults to max(cpuMathCores, 4): on a
// 2-core machine that oversubscribes the cores and decoding gets hundreds of times slower (the
// threads spin-wait on each other). We use the cores this process may actually run on.
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** CPU quota from cgroup v2 (`cpu.max`) or v1 (`cpu.cfs_quota_us`), in cores; undefined when unlimited. */
export function cgroupCpuLimit(readText: (path: string) => string | undefined = readOptional): number | undefined {
  const v2 = readText('/sys/fs/cgroup/cpu.max');
  if (v2 !== undefined) {
    const [quota, period] = v2.trim().split(/\s+/);
    if (quota === 'max') return undefined;
    return quotaToCores(Number(quota), Number(period));
  }
  const quota = readText('/sys/fs/cgroup/cpu/cpu.cfs_quota_us') ?? readText('/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us');
  const period = readText('/sys/fs/cgroup/cpu/cpu.cfs_period_us') ?? readText('/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us');
  if (quota === undefined || period === undefined) return undefined;
  return quotaToCores(Number(quota), Number(period));
}

function quotaToCores(quota: number, period: number): number | undefined {
  if (!Number.isFinite(quota) || !Number.isFinite(period) || quota <= 0 || period <= 0) return undefined;
  return Math.max(1, Math.floor(quota / period));
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Cores available to this process: the affinity mask (availableParallelism) capped by the cgroup quota. */
export function availableCores(): number {
  const parallelism = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const limit = cgroupCpuLimit();
  return Math.max(1, Math.min(parallelism, limit ?? parallelism));
}

/**
 * The thread count the local backend uses unless the user sets one (see bench/threads.bench.ts).
 * Cores that other processes keep busy (the 1-minute load average) are left out: ggml's threads
 * spin-wait on each other at every step, so a thread that gets descheduled stalls all of them. On a
 * loaded 2-core machine we measured 2 threads decoding ~10× slower than 1.
 */
export function chooseThreadCount(cores: number = availableCores(), load: number = os.loadavg()[0] ?? 0): number {
  const busy = Math.min(Math.max(0, cores - 1), Math.floor(Math.max(0, load)));
  return Math.max(1, cores - busy);
}

/** Decode and prompt-processing (batch) threads for the llama-server runtime (llama.cpp's -t and -tb). */
export interface ThreadSplit {
  decode: number;
  batch: number;
}

/**
 * llama-server's thread split. Both follow chooseThreadCount: the cores this process may use minus
 * those the load average says are busy. Measured with the optimised llama-server on the benchmark
 * model on this 2-core machine at load 9-15 (bench/README.md, "Local runtime"): 1 decode / 1 batch
 * thread processed prompts at 177-231 tok/s, 1 / 2 at 80-107 (prompt processing is as
 * barrier-bound as decoding when a core is taken), and 2 / 2 decoded at 1 tok/s against 38-83.
 * Idle, both are all cores (llama.cpp's own default is -tb = -t). Kept apart so a measured
 * difference on other machines has one place to go.
 */
export function chooseServerThreads(cores: number = availableCores(), load: number = os.loadavg()[0] ?? 0): ThreadSplit {
  const threads = chooseThreadCount(cores, load);
  return { decode: threads, batch: threads };
}
