// Settings: the user's saved choices (backend, prompt profile, sampling, verify/prove defaults,
// theme), the patch a client may send, and the two methods that read and change them.
import { z } from 'zod';
import { DEFAULT_LOCAL_LOAD, LocalLoadPatchSchema, LocalLoadSettingsSchema } from '../model-library';
import { int, method, none, type MethodSchema } from './primitives';

/**
 * The largest values the engine takes for the numbers a user types in Models & settings; the fields
 * check against the same ones, so a value out of range is refused in the field, not by the engine
 * after the field already shows it.
 */
export const SETTINGS_LIMITS = { maxTokens: 1_000_000, concurrency: 256, count: 1024, rounds: 64 } as const;
const L = SETTINGS_LIMITS;

export const PromptProfileSchema = z.enum(['deepseek-math-v2', 'labelled']);

export const SamplingSchema = z.strictObject({
  temperature: z.number().min(0).max(2),
  topP: z.number().gt(0).max(1),
  maxTokens: int.positive().max(L.maxTokens),
  seed: int.optional(),
});

export const SettingsSchema = z.looseObject({
  backend: z.string().nullable(),
  profile: PromptProfileSchema,
  sampling: SamplingSchema,
  concurrency: int.positive().max(L.concurrency),
  verify: z.looseObject({
    samples: int.positive().max(L.count),
    meta: z.boolean(),
    /** Show the verifier the computations the deterministic checker verified or refuted. */
    evidence: z.boolean().default(true),
    /**
     * Also with the deepseek-math-v2 profile, whose prompt otherwise keeps the released model's shape
     * (off by default: that model was trained without such evidence).
     */
    evidenceWithDeepseek: z.boolean().default(false),
    /**
     * Run the extraction pass (app/annotate/extract.ts) on a sample whose analysis gave no findings the
     * parser could place: one more model call for each such sample. Off by default, as the CLI's
     * opt-in `--extract` (DEFAULT_VERIFY).
     */
    extract: z.boolean().default(false),
  }),
  prove: z.looseObject({ candidates: int.positive().max(L.count), samples: int.positive().max(L.count), rounds: int.nonnegative().max(L.rounds), topK: int.positive().max(L.count) }),
  theme: z.enum(['system', 'light', 'dark']),
  /** How local models are loaded (threads, context, GPU layers): app/common/model-library.ts. */
  local: LocalLoadSettingsSchema.default(DEFAULT_LOCAL_LOAD),
  /** Show the first-start guide when nothing has been opened yet (off: "Don't show this again"). */
  welcomeGuide: z.boolean().default(true),
});
export const SettingsPatchSchema = z.strictObject({
  backend: z.string().max(4096).nullable().optional(),
  profile: PromptProfileSchema.optional(),
  sampling: SamplingSchema.partial().optional(),
  concurrency: int.positive().max(L.concurrency).optional(),
  verify: z.strictObject({ samples: int.positive().max(L.count), meta: z.boolean(), evidence: z.boolean(), evidenceWithDeepseek: z.boolean(), extract: z.boolean() }).partial().optional(),
  prove: z
    .strictObject({ candidates: int.positive().max(L.count), samples: int.positive().max(L.count), rounds: int.nonnegative().max(L.rounds), topK: int.positive().max(L.count) })
    .partial()
    .optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
  local: LocalLoadPatchSchema.optional(),
  welcomeGuide: z.boolean().optional(),
});

export const settingsMethods = {
  getSettings: method(none, SettingsSchema),
  setSettings: method(z.tuple([SettingsPatchSchema]), SettingsSchema),
} satisfies Record<string, MethodSchema>;

export type Settings = z.output<typeof SettingsSchema>;
export type SettingsPatch = z.output<typeof SettingsPatchSchema>;
