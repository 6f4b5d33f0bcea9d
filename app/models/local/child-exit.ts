// How a supervised child process's end becomes a reason in words, one copy for both out-of-process
// runtimes (llama-server, server-process.ts; proofwright-runtime, runtime-process.ts).
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

/** Why a process ended, in words: "exit code 1", "killed by SIGKILL". */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `killed by ${signal}`;
  // Under the watchdog a signal death shows as 128 + the signal's number.
  if (code !== null && code > 128) {
    const name = Object.entries(constants.signals).find(([, number]) => number === code - 128)?.[0];
    if (name) return `killed by ${name}`;
  }
  return `exit code ${code}`;
}

/**
 * A promise of why `child` stopped, in words: "could not start: <spawn error>" when it never ran
 * (the 'error' event), else `describeExit` of its exit code and signal. Never rejects.
 * `record(why)` is called once with that reason and returns the reason to resolve with: the owner keeps
 * a reason it set itself first (a kill "for hanging") by `this.reason ??= why`, so the promise and
 * its `stopped` getter agree.
 */
export function exitReason(child: ChildProcess, record: (why: string) => string): Promise<string> {
  return new Promise((resolve) => {
    child.once('error', (error) => resolve(record(`could not start: ${error.message}`)));
    child.once('exit', (code, signal) => resolve(record(describeExit(code, signal))));
  });
}
