// The `proofwright` command. One file per command; each exports a register function, and adding a
// command is one line in COMMANDS below.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { BackendError } from '../models/backend';
import { registerCheckCommand } from './check';
import { registerEval } from './eval';
import { CliError, processIO, type CliIO } from './io';
import { registerPrompts } from './prompts';
import { registerProve } from './prove';
import { registerRuns } from './runs';
import { registerServeCommand } from './serve';
import { registerSteps } from './steps';
import { registerVerify } from './verify';
import { registerModelsCommand } from './models';

export type RegisterCommand = (program: Command, io: CliIO) => void;

/** Every command of the CLI: add yours here (e.g. models, check, serve, eval). */
export const COMMANDS: RegisterCommand[] = [registerSteps, registerVerify, registerProve, registerRuns, registerServeCommand, registerEval, registerModelsCommand, registerCheckCommand, registerPrompts];

export function buildProgram(io: CliIO): Command {
  const program = new Command('proofwright')
    .description('Check and write natural-language proofs with language models, the DeepSeekMath-V2 way.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`proofwright: ${text}`),
    })
    .showSuggestionAfterError();
  for (const register of COMMANDS) register(program, io);
  // Sub-commands inherit the error handling so their usage errors are one line too.
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`proofwright: ${text}`),
    });
    for (const sub of command.commands) sub.exitOverride().configureOutput(command.configureOutput());
  }
  return program;
}

/** Run the CLI; resolves to the process exit code. */
export async function main(argv: string[], io?: CliIO): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  if (!io) process.on('SIGINT', onSigint);
  const cliIO = io ?? processIO(controller.signal);
  try {
    await buildProgram(cliIO).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander as one line.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError || error instanceof BackendError) {
      cliIO.stderr(`proofwright: error: ${error.message}\n`);
      return error instanceof CliError ? error.exitCode : 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    cliIO.stderr(`proofwright: error: ${message}\n`);
    if (cliIO.env.PROOFWRIGHT_DEBUG && error instanceof Error && error.stack) cliIO.stderr(error.stack + '\n');
    return 1;
  } finally {
    if (!io) process.off('SIGINT', onSigint);
  }
}

/** Whether this module is the program node was started with (`tsx app/cli/main.ts`), not an import. */
function startedDirectly(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// Run directly as well as through bin/proofwright.mjs (which imports main and sets the exit code the
// same way): without this, `npx tsx app/cli/main.ts --help` loaded the module and printed nothing.
if (startedDirectly()) void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
