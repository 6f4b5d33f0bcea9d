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

/** Busy and total CPU time of the whole machine (ms, summed over its CPUs) and of this process (µs). */
interface CpuSnapshot {
  busyMs: number;
  selfMicros: number;
  at: bigint;
}

function cpuSnapshot(): CpuSnapshot {
  let busyMs = 0;
  for (const cpu of os.cpus()) busyMs += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq;
  const self = process.cpuUsage();
  return { busyMs, selfMicros: self.user + self.system, at: process.hrtime.bigint() };
}

/** CPU use over a window, in cores (1.0 = one core's worth): the whole machine, this process, the rest. */
export interface CpuLoad {
  machine: number;
  own: number;
  others: number;
}

/**
 * The machine's busy CPU time over `windowMs` (os.cpus() times, 10 ms ticks on Linux) and this
 * process's own (process.cpuUsage, every thread of it), each divided by the window.
 */
export async function measureCpuLoad(windowMs = 200): Promise<CpuLoad> {
  const before = cpuSnapshot();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = cpuSnapshot();
  const wallMs = Number(after.at - before.at) / 1e6;
  if (wallMs <= 0) return { machine: 0, own: 0, others: 0 };
  const machine = (after.busyMs - before.busyMs) / wallMs;
  const own = (after.selfMicros - before.selfMicros) / 1000 / wallMs;
  return { machine, own, others: Math.max(0, machine - own) };
}

/**
 * How many cores OTHER processes keep busy right now (measureCpuLoad's `others`). Why not the load
 * average: the 1-minute load average still carries our own last generation for minutes after it
 * ended (a backend created right after a run saw load ~1.5 from our own threads and chose 1 thread
 * where 2 were 1.1-1.7× faster, bench/native.bench.ts "own thread choice vs best"). It is called
 * while no generation of ours runs (when a backend is created), so what it sees busy is someone else's.
 */
export async function otherProcessesLoad(windowMs = 200): Promise<number> {
  return (await measureCpuLoad(windowMs)).others;
}

/**
 * The thread count the local backend uses unless the user sets one (see bench/threads.bench.ts).
 * Cores that other processes keep busy (`load`, in cores: otherProcessesLoad(), or the 1-minute
 * load average where nothing better is known) are left out: ggml's threads spin-wait on each other
 * at every step, so a thread that gets descheduled stalls all of them. On a loaded 2-core machine we
 * measured 2 threads decoding ~10× slower than 1. A core counts as busy from half its time on.
 */
export function chooseThreadCount(cores: number = availableCores(), load: number = os.loadavg()[0] ?? 0): number {
  const busy = Math.min(Math.max(0, cores - 1), Math.round(Math.max(0, load)));
  return Math.max(1, cores - busy);
}

/** Decode and prompt-processing (batch) threads for the llama-server runtime (llama.cpp's -t and -tb). */
export interface ThreadSplit {
  decode: number;
  batch: number;
}

/**
 * llama-server's thread split. Both follow chooseThreadCount: the cores this process may use minus
 * those other processes keep busy (`load` in cores; createLocalBackend passes otherProcessesLoad()). Measured with the optimised llama-server on the benchmark
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
