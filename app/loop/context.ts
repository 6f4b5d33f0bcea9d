// What every loop entry point gets: the backend, the templates and profile, where to record, who to
// tell, how to cancel, how many calls at once, and the sampling parameters.
import { DEFAULT_SAMPLING as RUN_DEFAULT_SAMPLING } from '../common/run-settings';
import type { LoopEventListener } from '../common/events';
import type { ModelBackend } from '../models/backend';
import type { RunStore, SamplingParams } from '../store';
import type { PromptProfile, TemplateSet } from './deps';

export type Sampling = SamplingParams;

export interface LoopContext {
  backend: ModelBackend;
  templates: TemplateSet;
  profile: PromptProfile;
  /** Where the run is recorded; without it the run still emits events but leaves no record. */
  store?: RunStore;
  onEvent?: LoopEventListener;
  /** Cancels the run: in-flight calls are aborted, finished calls stay in the record. */
  signal?: AbortSignal;
  /** Calls the loop issues at once (the backend may queue them further). */
  concurrency: number;
  /** temperature, topP, maxTokens and the seed base: call i of a kind gets seed + i. */
  sampling: Sampling;
  /**
   * Run the JSON extraction pass (app/annotate extractFindings) on verifier analyses that gave a score
   * below 1 but no findings the parser could read (free-text profiles). Off by default: it costs a call.
   */
  extractFindings?: boolean;
}

/** The DeepSeekMath-V2 released-code defaults (temperature 1.0, top-p 0.95). */
export const DEFAULT_SAMPLING: Sampling = { ...RUN_DEFAULT_SAMPLING };
