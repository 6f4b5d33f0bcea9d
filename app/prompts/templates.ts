// Loads the prompt templates: defaults from resources/prompts/<profile>/<role>.md, overlaid by the
// user's files in overrideDir/<profile>/<role>.md. Each role's required slots are checked at load
// time, so a broken override fails early with the file and the missing slot named.
import { readdir, readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { placeholdersOf, sha256 } from './render';
import {
  PROMPT_PROFILES,
  TEMPLATE_ROLES,
  type PromptProfile,
  type PromptTemplate,
  type TemplateRole,
  type TemplateSet,
} from './types';

/** Slots each role's body must contain, and the further slots it may use. */
export const REQUIRED_PLACEHOLDERS: Record<TemplateRole, readonly string[]> = {
  verify: ['problem', 'proof'],
  'meta-verify': ['problem', 'proof', 'analysis'],
  generate: ['problem'],
  // The refine body is appended to the rendered generate prompt (DESIGN.md §2).
  refine: ['candidates'],
  extract: ['proof', 'analysis'],
  grade: ['problem', 'proof', 'reference', 'rubric', 'points'],
};
const OPTIONAL_PLACEHOLDERS: Record<TemplateRole, readonly string[]> = {
  verify: ['evidence'],
  'meta-verify': [],
  generate: [],
  // `instruction`: the rendered generate prompt placed where the template says (imported released
  // templates); without it the refine body follows the generate prompt.
  refine: ['problem', 'instruction'],
  extract: ['problem'],
  grade: ['evidence'],
};

/** Roles each profile must provide. `extract` lives in the labelled profile and serves both. */
const PROFILE_ROLES: Record<PromptProfile, readonly TemplateRole[]> = {
  'deepseek-math-v2': ['verify', 'meta-verify', 'generate', 'refine', 'grade'],
  labelled: ['verify', 'meta-verify', 'generate', 'refine', 'extract', 'grade'],
};

export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../resources/prompts/', import.meta.url));

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

export interface LoadTemplatesOptions {
  /** Folder with user overrides laid out like the defaults: `<profile>/<role>.md`, `<role>.system.md`. */
  overrideDir?: string;
  /** Where the defaults live (tests, packaged builds). Defaults to the repository's resources/prompts. */
  defaultsDir?: string;
}

export async function loadTemplates(options: LoadTemplatesOptions = {}): Promise<TemplateSet> {
  const defaultsDir = options.defaultsDir ?? DEFAULT_TEMPLATES_DIR;
  const sources = new Map<string, TemplateSources>();
  for (const profile of PROMPT_PROFILES) {
    for (const role of PROFILE_ROLES[profile]) {
      sources.set(`${profile}/${role}`, {
        body: (await readTemplateFile(join(defaultsDir, profile, `${role}.md`), true))!,
        system: await readTemplateFile(join(defaultsDir, profile, `${role}.system.md`), false),
        overridden: false,
      });
    }
  }
  if (options.overrideDir) await overlay(sources, options.overrideDir);
  const templates = new Map<string, PromptTemplate>();
  for (const [key, src] of sources) {
    const [profile, role] = key.split('/') as [PromptProfile, TemplateRole];
    templates.set(key, makeTemplate(profile, role, src));
  }
  return new MapTemplateSet(templates);
}

interface FileText {
  text: string;
  file: string;
}

interface TemplateSources {
  body: FileText;
  system: FileText | null;
  overridden: boolean;
}

async function overlay(sources: Map<string, TemplateSources>, dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new TemplateError(`Prompt override folder not found: ${dir}`);
  // A misspelt profile folder would otherwise be ignored without a word.
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && !(PROMPT_PROFILES as readonly string[]).includes(entry.name)) {
      throw new TemplateError(`${join(dir, entry.name)}: unknown prompt profile folder; expected ${PROMPT_PROFILES.join(' or ')}`);
    }
  }
  for (const profile of PROMPT_PROFILES) {
    const profileDir = join(dir, profile);
    const entries = await readdir(profileDir).catch(() => [] as string[]);
    for (const name of entries.filter((n) => n.endsWith('.md')).sort()) {
      const match = /^(.+?)(\.system)?\.md$/.exec(name)!;
      const role = match[1] as TemplateRole;
      const file = join(profileDir, name);
      if (!PROFILE_ROLES[profile].includes(role)) {
        throw new TemplateError(
          `${file}: unknown template "${name}"; expected one of ${PROFILE_ROLES[profile].map((r) => `${r}.md`).join(', ')} (or <role>.system.md)`,
        );
      }
      const src = sources.get(`${profile}/${role}`)!;
      const text = (await readTemplateFile(file, true))!;
      if (match[2]) src.system = text;
      else src.body = text;
      src.overridden = true;
    }
  }
}

async function readTemplateFile(file: string, required: boolean): Promise<FileText | null> {
  try {
    // CRLF from an editor on Windows must not change what the model sees.
    return { text: (await readFile(file, 'utf8')).replace(/\r\n?/g, '\n'), file };
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new TemplateError(`Cannot read prompt template ${file}: ${(err as Error).message}`);
  }
}

function makeTemplate(profile: PromptProfile, role: TemplateRole, src: TemplateSources): PromptTemplate {
  const { body, system } = src;
  validate(role, body.text, body.file, true);
  if (system) validate(role, system.text, system.file, false);
  return {
    id: `${profile}/${role}`,
    profile,
    role,
    body: body.text,
    system: system?.text,
    hash: sha256(`${system?.text ?? ''}\0${body.text}`),
    source: body.file,
    systemSource: system?.file,
    overridden: src.overridden,
  };
}

function validate(role: TemplateRole, text: string, file: string, isBody: boolean): void {
  if (isBody && !text.trim()) throw new TemplateError(`${file}: the template is empty`);
  const used = placeholdersOf(text);
  const allowed = [...REQUIRED_PLACEHOLDERS[role], ...OPTIONAL_PLACEHOLDERS[role]];
  const unknown = used.filter((name) => !allowed.includes(name));
  if (unknown.length) {
    throw new TemplateError(
      `${file}: unknown placeholder ${unknown.map((n) => `{{${n}}}`).join(', ')}; a ${role} template may use ${allowed.map((n) => `{{${n}}}`).join(', ')}`,
    );
  }
  if (!isBody) return;
  const missing = REQUIRED_PLACEHOLDERS[role].filter((name) => !used.includes(name));
  if (missing.length) {
    throw new TemplateError(
      `${file}: missing required placeholder ${missing.map((n) => `{{${n}}}`).join(', ')} (a ${role} template must contain ${REQUIRED_PLACEHOLDERS[role].map((n) => `{{${n}}}`).join(', ')})`,
    );
  }
}

/** A template as a run record keeps it (RunHeader.templates): its text, not the file it came from. */
export interface RecordedTemplate {
  /** `<profile>/<role>`. */
  id: string;
  body: string;
  system?: string;
  /** As PromptTemplate.hash: sha256 of the system text (empty if none), a NUL, and the body. */
  hash: string;
}

/** The templates of `roles` in `profile` as a run record keeps them (RunHeader.templates). */
export function recordTemplates(set: TemplateSet, profile: PromptProfile, roles: readonly TemplateRole[]): RecordedTemplate[] {
  return roles.map((role) => {
    const t = set.get(profile, role);
    return { id: t.id, body: t.body, ...(t.system !== undefined ? { system: t.system } : {}), hash: t.hash };
  });
}

/**
 * `fallback` with the templates a run record keeps in place of its own: what the run was made with.
 * A recorded template whose text does not hash to its recorded hash, or whose id names no known
 * profile and role, is left out (that role comes from `fallback`); `used` lists the ids taken from the record.
 */
export function withRecordedTemplates(fallback: TemplateSet, recorded: readonly RecordedTemplate[]): { templates: TemplateSet; used: string[] } {
  const templates = new Map(fallback.list().map((t) => [t.id, t]));
  const used: string[] = [];
  for (const r of recorded) {
    const [profile, role] = r.id.split('/') as [PromptProfile, TemplateRole];
    if (!PROFILE_ROLES[profile]?.includes(role) || typeof r.body !== 'string' || sha256(`${r.system ?? ''}\0${r.body}`) !== r.hash) continue;
    templates.set(r.id, { id: r.id, profile, role, body: r.body, ...(r.system !== undefined ? { system: r.system } : {}), hash: r.hash, source: 'the run record', overridden: true });
    used.push(r.id);
  }
  return { templates: new MapTemplateSet(templates), used };
}

class MapTemplateSet implements TemplateSet {
  constructor(private readonly templates: Map<string, PromptTemplate>) {}

  get(profile: PromptProfile, role: TemplateRole): PromptTemplate {
    const t = this.templates.get(`${profile}/${role}`);
    if (!t) {
      throw new TemplateError(
        `No prompt template ${profile}/${role}; profiles: ${PROMPT_PROFILES.join(', ')}; roles: ${TEMPLATE_ROLES.join(', ')}`,
      );
    }
    return t;
  }

  list(): PromptTemplate[] {
    return [...this.templates.values()];
  }
}
