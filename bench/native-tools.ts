// The native side of bench/native.bench.ts: runs llama.cpp's own llama-bench and llama-batched-bench
// (built by scripts/build-llama-tools.ts against node-llama-cpp's prebuilt libraries) and reads their
// machine-readable output.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A command line, optionally pinned to CPU 0 with taskset (the one-core section of the bench). */
async function exec(binary: string, args: string[], pinned: boolean): Promise<string> {
  const [cmd, argv] = pinned ? ['taskset', ['-c', '0', binary, ...args]] : [binary, args];
  try {
    const { stdout } = await run(cmd, argv, { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as Error & { stderr?: string };
    throw new Error(`${[cmd, ...argv].join(' ')} failed: ${e.message}\n${(e.stderr ?? '').split('\n').slice(-15).join('\n')}`);
  }
}

/**
 * tokens/s from `llama-bench -o json` for one test: decode (`-p 0 -n tokens`) or prompt processing
 * (`-p tokens -n 0`), `reps` repetitions (llama-bench's own warm-up run first), mean of them. `depth`
 * (`-d`): tokens already in the KV cache before the timed part (llama-bench evaluates them untimed), so a
 * decode figure can be taken after a prompt as long as the local call's.
 */
export async function llamaBenchRate(
  bench: string,
  model: string,
  test: { kind: 'decode' | 'prompt'; tokens: number; threads: number; reps: number; depth?: number; pinned?: boolean },
): Promise<number> {
  const sizes = test.kind === 'decode' ? ['-p', '0', '-n', String(test.tokens)] : ['-p', String(test.tokens), '-n', '0'];
  const depth = test.depth ? ['-d', String(test.depth)] : [];
  const out = await exec(bench, ['-m', model, ...sizes, ...depth, '-t', String(test.threads), '-r', String(test.reps), '-o', 'json'], test.pinned ?? false);
  const rows = JSON.parse(out) as { avg_ts?: number; n_threads?: number }[];
  const rate = rows[0]?.avg_ts;
  if (typeof rate !== 'number') throw new Error(`llama-bench printed no avg_ts: ${out.slice(0, 500)}`);
  return rate;
}

/** One `llama-batched-bench` measurement: the shared prompt's time, the generation's, and both, in s. */
export interface BatchedBenchTimes {
  promptSeconds: number;
  generateSeconds: number;
  totalSeconds: number;
}

/**
 * m sequences that share one `prompt`-token prompt (`-pps`: evaluated once, its KV cache copied to the
 * other sequences in memory), then `generate` tokens each, decoded together: llama.cpp's own figure
 * for m verifications of one proof.
 */
export async function batchedBenchTimes(
  batchedBench: string,
  model: string,
  test: { prompt: number; generate: number; sequences: number; threads: number },
): Promise<BatchedBenchTimes> {
  // Without a unified KV cache every sequence holds its own copy of the prompt.
  const context = test.sequences * (test.prompt + test.generate) + 256;
  const out = await exec(
    batchedBench,
    [
      '-m', model,
      '-c', String(context),
      '-b', '2048',
      '-ub', '512',
      '-npp', String(test.prompt),
      '-ntg', String(test.generate),
      '-npl', String(test.sequences),
      '-pps',
      '-t', String(test.threads),
      '-tb', String(test.threads),
      '--output-format', 'jsonl',
    ],
    false,
  );
  const line = out.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`llama-batched-bench printed no result line: ${out.slice(-500)}`);
  const row = JSON.parse(line) as { t_pp: number; t_tg: number; t: number };
  return { promptSeconds: row.t_pp, generateSeconds: row.t_tg, totalSeconds: row.t };
}
