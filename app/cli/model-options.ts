// Options shared by the commands that call a model (verify, prove): backend, profile, templates,
// sampling, concurrency, workspace, progress. Also builds the LoopContext from them.
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
// Heavy modules (prompts, backends, store) are imported when a command runs, not when the CLI starts.
import { HUANG_YANG_EARLY_STOP, type EarlyStopRule } from '../common/search';
import type { LoopContext } from '../loop';
import type { ResumeFrom } from '../loop/session';
import { DEFAULT_SAMPLING } from '../loop/context';
import { DEFAULT_PROFILE } from '../common/run-settings';
import type { ModelBackend } from '../models/backend';
import { PROMPT_PROFILES, type PromptProfile } from '../prompts/types';
import type { RunStore } from '../store';
import { CliError, numberIn, nonNegativeInt, positiveInt, type CliIO } from './io';
import { ProgressLine } from './progress';

export interface ModelCommandOptions {
  backend?: string;
  profile: PromptProfile;
  templates?: string;
  temperature: number;
  topP: number;
  maxTokens: number;
  /** false with --no-seed: no seed is sent (some servers refuse the field). */
  seed: number | false;
  concurrency?: number;
  workspace?: string;
  record: boolean;
  progress?: boolean;
  /** true: print JSON on stdout; a string: write it to that file. */
  json?: boolean | string;
}

export function addModelOptions(command: Command): Command {
  return command
    .option('--backend <spec>', 'model backend: scripted:PATH.json, scripted:sample:NAME (a shipped script), local:PATH.gguf, local:NAME (a library model) or openai:URL#MODEL (default: $PROOFWRIGHT_BACKEND)')
    .addOption(new Option('--profile <profile>', 'prompt profile').choices(PROMPT_PROFILES as string[]).default(DEFAULT_PROFILE))
    .option('--templates <dir>', 'folder of prompt template overrides (<profile>/<role>.md)')
    .option('--temperature <t>', 'sampling temperature', numberIn('--temperature', 0, 5), DEFAULT_SAMPLING.temperature)
    .option('--top-p <p>', 'nucleus sampling top-p', numberIn('--top-p', 0, 1), DEFAULT_SAMPLING.topP)
    .option('--max-tokens <n>', 'token limit per model call', positiveInt('--max-tokens'), DEFAULT_SAMPLING.maxTokens)
    .option('--seed <n>', 'seed base: call i gets seed + i', nonNegativeInt('--seed'), DEFAULT_SAMPLING.seed)
    .option('--no-seed', 'send no seed (samples then differ from run to run)')
    .option('--concurrency <n>', 'model calls issued at once (default: the backend\'s parallel setting)', positiveInt('--concurrency'))
    .option('--workspace <dir>', 'workspace folder for run records (default: the current folder)')
    .option('--no-record', 'do not write a run record')
    .option('--progress', 'show progress on stderr even when it is not a terminal')
    .option('--json [file]', 'print one JSON object instead of a report (or write it to FILE)');
}

export interface PreparedRun {
  ctx: LoopContext;
  backend: ModelBackend;
  store?: RunStore;
  progress: ProgressLine | null;
  workspace: string;
}

export async function prepareRun(io: CliIO, options: ModelCommandOptions, label: string): Promise<PreparedRun> {
  const spec = options.backend ?? io.env.PROOFWRIGHT_BACKEND;
  if (!spec) throw new CliError('no model backend: pass --backend SPEC (scripted:PATH.json, scripted:sample:NAME, local:PATH.gguf, openai:URL#MODEL) or set PROOFWRIGHT_BACKEND');
  const [{ loadTemplates }, { createBackend, resolveLibraryModel }, { RunStore }, { SHIPPED_SAMPLES_DIR, shippedScriptSpec }] = await Promise.all([
    import('../prompts'), import('../models/spec'), import('../store'), import('../engine/backendSpecs'),
  ]);
  const templates = await loadTemplates({ overrideDir: options.templates ? resolve(io.cwd, options.templates) : undefined }).catch((error: Error) => {
    throw new CliError(error.message);
  });
  // `local:NAME` is looked up in the model library of this environment ($PROOFWRIGHT_MODELS_DIR);
  // `scripted:sample:NAME` is a shipped script, resolved as serve mode and the app resolve it.
  const backend = await shippedScriptSpec(spec, SHIPPED_SAMPLES_DIR)
    .then((shipped) => createBackend(shipped?.spec ?? spec, { cwd: io.cwd, env: io.env, confineFile: shipped?.confineFile, resolveLibraryName: (name) => resolveLibraryModel(name, io.env) }))
    .catch((error: Error) => {
      throw new CliError(error.message);
    });
  const workspace = resolve(io.cwd, options.workspace ?? '.');
  const store = options.record ? await RunStore.open(workspace) : undefined;
  const progress = options.progress || io.stderrIsTTY ? new ProgressLine(io, label) : null;
  const ctx: LoopContext = {
    backend,
    templates,
    profile: options.profile,
    store,
    signal: io.signal,
    concurrency: options.concurrency ?? Math.max(1, backend.info().parallel),
    sampling: { temperature: options.temperature, topP: options.topP, maxTokens: options.maxTokens, ...(options.seed === false ? {} : { seed: options.seed }) },
    onEvent: progress ? (event) => progress.update(event) : undefined,
  };
  return { ctx, backend, store, progress, workspace };
}

export interface EarlyStopOptions {
  earlyStop?: boolean;
  acceptAfter?: number;
  rejectAfter?: number;
}

/** `--early-stop`, `--accept-after K`, `--reject-after J` (either of the last two implies the first). */
export function addEarlyStopOptions(command: Command): Command {
  return command
    .option('--early-stop', `stop verifying a proof early, the Huang–Yang way: accept after ${HUANG_YANG_EARLY_STOP.accept} consecutive passes, reject after ${HUANG_YANG_EARLY_STOP.reject} failures`)
    .option('--accept-after <k>', 'early stopping: consecutive passing verifications that accept a proof', positiveInt('--accept-after'))
    .option('--reject-after <j>', 'early stopping: failed verifications that reject a proof', positiveInt('--reject-after'));
}

/** The early-stopping rule the options ask for, if any. */
export function earlyStopFrom(options: EarlyStopOptions): EarlyStopRule | undefined {
  if (!options.earlyStop && options.acceptAfter === undefined && options.rejectAfter === undefined) return undefined;
  return { accept: options.acceptAfter ?? HUANG_YANG_EARLY_STOP.accept, reject: options.rejectAfter ?? HUANG_YANG_EARLY_STOP.reject };
}

/**
 * Reopen run `runId` of this workspace to continue it: checks its kind, and sets the run's own
 * sampling, profile, concurrency and recorded prompt templates on `run.ctx` (app/loop/resume.ts,
 * shared with the engine); templates that differ from the ones loaded now (`--templates`, or
 * defaults changed since) are said on stderr. Throws CliError for an unknown, completed or other-kind run.
 */
export async function reopenForResume(io: CliIO, run: PreparedRun, runId: string, kind: 'verify' | 'prove'): Promise<ResumeFrom> {
  if (!run.store) throw new CliError('--resume needs the run record: drop --no-record');
  const resume = await run.store.reopenRun(runId).catch((error: Error) => {
    throw new CliError(error.message);
  });
  const { applyRecordedSettings, resumedTemplatesNote } = await import('../loop/resume');
  const note = resumedTemplatesNote(await resumeStep(() => applyRecordedSettings(run.ctx, resume, kind)));
  if (note) io.stderr(`${kind}: ${runId} ${note}\n`);
  return resume;
}

/** What a resumed run takes from its record whatever the command line says (app/loop/resume.ts). */
export const RECORDED_SAMPLING_OPTIONS = ['profile', 'temperature', 'topP', 'maxTokens', 'seed', 'concurrency'] as const;

/**
 * Refuses (usage error, exit 2) options given on the command line that a resumed run would ignore: the
 * run continues with the settings in its record, so a changed value would otherwise be silently dropped.
 * `names` are the options' attribute names (e.g. 'topK').
 */
export function refuseOnResume(command: Command, names: readonly string[]): void {
  const given = names.filter((name) => command.getOptionValueSource(name) === 'cli');
  if (given.length === 0) return;
  const flags = given.map((name) => command.options.find((o) => o.attributeName() === name)?.long ?? name);
  throw new CliError(`${flags.join(', ')} cannot be changed on --resume: the run continues with the settings in its record (start a new run to change them)`, 2);
}

/** Runs a step of app/loop/resume.ts, turning its ResumeError into the CLI's error. */
export async function resumeStep<T>(step: () => T): Promise<T> {
  const { ResumeError } = await import('../loop/resume');
  try {
    return step();
  } catch (error) {
    if (error instanceof ResumeError) throw new CliError(error.message);
    throw error;
  }
}

/** The backend a resumed run uses when none is given: the one it was started with. */
export async function backendOfRun(io: CliIO, options: ModelCommandOptions, runId: string): Promise<string | undefined> {
  if (options.backend ?? io.env.PROOFWRIGHT_BACKEND) return options.backend ?? io.env.PROOFWRIGHT_BACKEND;
  const { RunStore } = await import('../store');
  const store = await RunStore.open(resolve(io.cwd, options.workspace ?? '.'));
  return (await store.loadRun(runId).catch(() => null))?.header.backend.spec;
}
