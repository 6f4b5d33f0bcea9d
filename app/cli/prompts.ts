// `proofwright prompts import PATH [--out DIR] [--force]`: the user's copy of the released
// DeepSeekMath-V2 inference templates (math_templates.py) as template overrides for the
// `deepseek-math-v2` profile, written to DIR/deepseek-math-v2/<role>.md for `--templates DIR`.
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, readInputFile, type CliIO } from './io';

const PROFILE = 'deepseek-math-v2';

export function registerPrompts(program: Command, io: CliIO): void {
  const prompts = program.command('prompts').description('prompt templates');
  prompts
    .command('import')
    .description("write the released DeepSeekMath-V2 prompts (your copy of its math_templates.py) as overrides for the deepseek-math-v2 profile")
    .argument('<path>', 'the math_templates.py file of the released DeepSeekMath-V2 inference code')
    .option('--out <dir>', 'override folder to write (use it with --templates DIR)', 'prompts')
    .option('--force', 'replace templates already in the folder')
    .action(async (path: string, options: { out: string; force?: boolean }) => {
      const source = await readInputFile(io.cwd, path, 'templates file');
      const { convertReleasedTemplates, ReleasedTemplatesError } = await import('../prompts/importReleased');
      const { loadTemplates } = await import('../prompts');
      let converted;
      try {
        converted = convertReleasedTemplates(source, path);
      } catch (error) {
        if (error instanceof ReleasedTemplatesError) throw new CliError(error.message);
        throw error;
      }
      const out = resolve(io.cwd, options.out);
      const target = join(out, PROFILE);
      const files = converted.map((t) => ({ name: `${t.role}.md`, body: `${t.body}\n` }));
      if (!options.force) {
        const present = [];
        for (const f of files) if (await stat(join(target, f.name)).catch(() => null)) present.push(f.name);
        if (present.length) throw new CliError(`${relative(io.cwd, target) || target} already has ${present.join(', ')}: pass --force to replace them (or choose another --out)`);
      }
      // Written beside the target first and checked by the same loader `--templates` uses, so a
      // folder that would not load is never left behind.
      await mkdir(out, { recursive: true });
      const staging = await mkdtemp(join(dirname(target), '.import-'));
      try {
        await mkdir(join(staging, PROFILE));
        for (const f of files) await writeFile(join(staging, PROFILE, f.name), f.body);
        await loadTemplates({ overrideDir: staging }).catch((error: Error) => {
          throw new CliError(`the converted templates do not load: ${error.message}`);
        });
        await mkdir(target, { recursive: true });
        for (const f of files) await rename(join(staging, PROFILE, f.name), join(target, f.name));
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
      const shown = relative(io.cwd, out) || '.';
      for (const t of converted) io.stdout(`${t.key} → ${join(shown, PROFILE, `${t.role}.md`)}\n`);
      io.stdout(`Use them with --templates ${shown} (profile ${PROFILE}).\n`);
    });
}
