// The curated model catalogue shipped in resources/models/catalogue.json, validated on load.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const CatalogueModelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    name: z.string().min(1),
    parameters: z.string().regex(/^\d+(\.\d+)?[MB]$/),
    backend: z.enum(['local', 'openai']),
    /** What `proofwright models pull` takes; null for models that need a server. */
    source: z.string().regex(/^(hf:[^/\s]+\/[^/\s]+|https:\/\/\S+\.gguf)/).nullable(),
    /** An example backend spec, for server-only models. */
    server: z.string().startsWith('openai:').optional(),
    huggingFaceRepo: z.string().optional(),
    approxDownloadGB: z.number().positive(),
    approxMemoryGB: z.number().positive(),
    contextLength: z.number().int().positive(),
    reasoning: z.boolean(),
    profile: z.enum(['deepseek-math-v2', 'labelled']),
    suitability: z.enum(['smoke-test', 'weak', 'useful', 'strong', 'reference']),
    notes: z.string().min(20),
  })
  .strict()
  .refine((m) => (m.backend === 'local' ? m.source !== null : m.server !== undefined), {
    message: 'local models need a pull source; server models need an example openai: spec',
  });

export const CatalogueSchema = z
  .object({
    version: z.literal(1),
    note: z.string(),
    models: z.array(CatalogueModelSchema).min(1),
  })
  .strict()
  .refine((c) => new Set(c.models.map((m) => m.id)).size === c.models.length, { message: 'model ids must be unique' });

export type Catalogue = z.infer<typeof CatalogueSchema>;
export type CatalogueModel = z.infer<typeof CatalogueModelSchema>;

export const DEFAULT_CATALOGUE_PATH = fileURLToPath(new URL('../../../resources/models/catalogue.json', import.meta.url));

export async function loadCatalogue(path: string = DEFAULT_CATALOGUE_PATH): Promise<Catalogue> {
  const raw = JSON.parse(await readFile(path, 'utf8'));
  const parsed = CatalogueSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`model catalogue ${path} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
