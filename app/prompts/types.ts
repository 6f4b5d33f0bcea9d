// Names shared by the template loader, the prompt builders and the parsers.
import type { ChatMessage } from '../models/backend';

/** Which family of prompts and output shapes to use (see resources/prompts/README.md). */
export type PromptProfile = 'deepseek-math-v2' | 'labelled';
export const PROMPT_PROFILES: readonly PromptProfile[] = ['deepseek-math-v2', 'labelled'];

/** One template per role and profile. `extract` exists only in the labelled profile (used by both). */
/** `grade`: verification against a reference solution and a marking scheme (a verify call with points). */
export type TemplateRole = 'verify' | 'meta-verify' | 'generate' | 'refine' | 'extract' | 'grade';
export const TEMPLATE_ROLES: readonly TemplateRole[] = ['verify', 'meta-verify', 'generate', 'refine', 'extract', 'grade'];

export interface PromptTemplate {
  /** `<profile>/<role>`, e.g. `deepseek-math-v2/verify`. */
  id: string;
  profile: PromptProfile;
  role: TemplateRole;
  /** The user-message template text, with `{{placeholder}}` slots. */
  body: string;
  /** Optional system message (from `<role>.system.md`), also a template. */
  system?: string;
  /** sha256 (hex) of the system text (empty if none), a NUL, and the body. */
  hash: string;
  /** File the body was read from, and whether it came from the user's override folder. */
  source: string;
  systemSource?: string;
  overridden: boolean;
}

export interface TemplateSet {
  /** The template for a profile and role; throws a clear error if the set has none. */
  get(profile: PromptProfile, role: TemplateRole): PromptTemplate;
  list(): PromptTemplate[];
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  templateId: string;
  templateHash: string;
  /** sha256 (hex) of the rendered messages (JSON of [{role, content}…]). */
  promptHash: string;
}
