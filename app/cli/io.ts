// What every CLI command shares: where output goes, the one-line error type, reading inputs, and
// option parsers that reject bad values with a clear message.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { writeFileSafely } from '../store/safe-write';
import { decodeText, type TextEncodingRead } from '../common/decode';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress shows there by default only then). */
  stderrIsTTY: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Cancelled on SIGINT: runs stop and keep what finished. */
  signal?: AbortSignal;
}

let pipeWatched = false;

/**
 * `proofwright steps FILE | head`: once the reader closes the pipe, writes fail with EPIPE. That is
 * the reader saying "enough", not an error: stop quietly (exit 0), as cat and grep do, instead of
 * printing a stack trace. Other stream errors still surface.
 */
function exitQuietlyOnClosedPipe(): void {
  if (pipeWatched) return;
  pipeWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
}

export function processIO(signal?: AbortSignal): CliIO {
  exitQuietlyOnClosedPipe();
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
    signal,
  };
}

/** An error the user can act on: printed as `proofwright: error: <message>`, exit code 1. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Reads a text file the user named (a proof, a problem, a reference): UTF-8 with its BOM dropped, or,
 * when the bytes are not UTF-8, Windows-1252 (Latin-1), which `onEncoding` is told so the user hears of it.
 * Errors are CliErrors naming `what` and `path`.
 */
export async function readInputFile(cwd: string, path: string, what = 'file', onEncoding?: (encoding: TextEncodingRead) => void): Promise<string> {
  try {
    const { text, encoding } = decodeText(await readFile(resolve(cwd, path)));
    if (encoding !== 'utf-8') onEncoding?.(encoding);
    return text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${what} not found: ${path}`);
    if (code === 'EISDIR') throw new CliError(`${what} is a directory: ${path}`);
    throw new CliError(`cannot read ${what} ${path}: ${code ?? (error as Error).message}`);
  }
}

/**
 * `readInputFile`'s `onEncoding` for a command: one line on stderr naming the file, so a Latin-1 proof is
 * never graded without the user knowing how its bytes were read.
 */
export function encodingNote(io: CliIO, command: string, name: string): (encoding: TextEncodingRead) => void {
  return (encoding) => io.stderr(`${command}: ${safeText(name)} is not UTF-8: read as ${encoding === 'windows-1252' ? 'Windows-1252 (Latin-1)' : encoding}; save it as UTF-8 if its accents look wrong\n`);
}

/**
 * `--problem FILE|TEXT`: an existing file is read, anything else is the problem text itself, trimmed.
 * Errors (CliError): a folder; a missing file named as one (`problme.md`: no space, a document's extension).
 */
export async function readProblemArg(cwd: string, value: string, onEncoding?: (encoding: TextEncodingRead) => void): Promise<string> {
  const path = resolve(cwd, value);
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) throw new CliError(`--problem ${value} is a folder: give a problem file or the statement itself`);
  // A value that can only be a file name (no space, a document's extension) names a file: when it is not
  // there (a typo) it was sent to the model as the statement itself, and every proof graded against it.
  if (!info && /^\S+\.(?:md|markdown|tex|txt)$/i.test(value) && !value.includes('$')) {
    throw new CliError(`no problem file ${value} (${path}): check the name, or give the statement itself`);
  }
  const text = info?.isFile() ? await readInputFile(cwd, value, 'problem file', onEncoding) : value;
  if (!text.trim()) throw new CliError('the problem statement is empty');
  // Trimmed as a sibling problem file is (readProblemFor): the same statement, however it was given,
  // makes the same prompt and the same run identity, so a rerun reads back what it can.
  return text.trim();
}

export function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a positive integer.`);
    return Number(value);
  };
}

/** A whole number from 1 to `max` (e.g. the points scale: the app's Points field takes the same range). */
export function intUpTo(name: string, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}.`);
    return Number(value);
  };
}

export function nonNegativeInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a non-negative integer.`);
    return Number(value);
  };
}

export function numberIn(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}.`);
    return n;
  };
}

/** Model output is untrusted: drop terminal control characters (escape sequences) before printing it. */
export function safeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/**
 * `--json` prints one JSON object on stdout; `--json FILE` writes it to FILE instead (atomically, so an
 * interrupted run never leaves half a file).
 */
export async function printJson(io: CliIO, value: unknown, target?: boolean | string): Promise<void> {
  const text = JSON.stringify(value, null, 2) + '\n';
  if (typeof target === 'string') await writeOutputFile(io, target, text);
  else io.stdout(text);
}

/** Write a file the user asked for (a report, a JSON result), with a clear error if it can't be. */
export async function writeOutputFile(io: CliIO, path: string, text: string): Promise<void> {
  try {
    await writeFileSafely(resolve(io.cwd, path), text);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
