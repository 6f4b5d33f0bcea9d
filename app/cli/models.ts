// `proofwright models list|import|inspect|pull|remove|catalogue`: the model library from the shell.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { GgufInspection, LibraryEntry, LibraryError, ModelLibrary, PullProgress as PullProgressEvent } from '../models/library';
import { formatBytes, GgufError } from '../models/library/gguf';
import { CliError, positiveInt, printJson, safeText, type CliIO } from './io';

// The library is imported when a models command runs, so other commands do not pay for loading it.
type LibraryModule = typeof import('../models/library');
let libraryModule: LibraryModule | undefined;
const load = async (): Promise<LibraryModule> => (libraryModule ??= await import('../models/library'));

interface LibraryOptions {
  dir?: string;
  json?: boolean;
}

export function registerModelsCommand(program: Command, io: CliIO): void {
  const models = program
    .command('models')
    .description('the model library: list, import, inspect, pull and remove GGUF models; the curated catalogue')
    .option('--dir <folder>', 'library folder (default: $PROOFWRIGHT_MODELS_DIR, else the OS user-data folder)');

  const library = async (): Promise<ModelLibrary> => {
    const { ModelLibrary, defaultLibraryDir } = await load();
    const dir = models.opts<{ dir?: string }>().dir;
    return new ModelLibrary({ dir: dir ? resolve(io.cwd, dir) : defaultLibraryDir(io.env) });
  };

  models
    .command('list')
    .description('list the models in the library')
    .option('--json', 'print JSON')
    .action(
      cliErrors(async (options: LibraryOptions) => {
        const lib = await library();
        const entries = await lib.list();
        if (options.json) return printJson(io, { dir: lib.dir, models: entries });
        if (entries.length === 0) {
          io.stdout(`No models in ${lib.dir}.\nAdd one with \`proofwright models pull SOURCE\` or \`proofwright models import PATH\` (see \`proofwright models catalogue\`).\n`);
          return;
        }
        io.stdout(`${lib.dir}\n`);
        io.stdout(table(['NAME', 'SIZE', 'PARAMS', 'QUANT', 'CONTEXT', 'ARCH', ''], entries.map(listRow)));
      }),
    );

  models
    .command('import')
    .description('add a GGUF file to the library (a link to it by default)')
    .argument('<path>', 'GGUF file')
    .option('--copy', 'copy the file instead of linking to it')
    .option('--name <name>', 'name in the library (default: the file name)')
    .option('--json', 'print JSON')
    .action(
      cliErrors(async (path: string, options: LibraryOptions & { copy?: boolean; name?: string }) => {
        const entry = await (await library()).import(resolve(io.cwd, path), { mode: options.copy ? 'copy' : 'link', name: options.name });
        if (options.json) return printJson(io, entry);
        io.stdout(`${entry.linked ? 'Linked' : 'Copied'} ${entry.name} (${formatBytes(entry.sizeBytes)}) into the library: use --backend local:${entry.path}\n`);
      }),
    );

  models
    .command('inspect')
    .description('read a GGUF header: architecture, parameters, quantisation, context, chat template, memory estimate')
    .argument('<path|name>', 'GGUF file, or the name of a model in the library')
    .option('--ctx <n>', 'context size for the memory estimate (default: the model’s, at most 8192)', positiveInt('--ctx'))
    .option('--json', 'print JSON')
    .action(
      cliErrors(async (target: string, options: LibraryOptions & { ctx?: number }) => {
        const lib = await library();
        const local = resolve(io.cwd, target);
        const isName = !target.includes('/') && !target.includes('\\') && !target.toLowerCase().endsWith('.gguf');
        const info = await lib.inspect(isName ? target : local, { contextSize: options.ctx });
        if (options.json) return printJson(io, info);
        io.stdout(inspectReport(info));
      }),
    );

  models
    .command('pull')
    .description('download a model into the library (resumes an interrupted download; Ctrl-C cancels and keeps nothing)')
    .argument('<source>', 'hf:USER/REPO:QUANT, hf:USER/REPO/FILE.gguf, or an http(s) URL of a .gguf file')
    .option('--name <file>', 'file name in the library (default: the source’s)')
    .option('--json', 'print JSON')
    .action(
      cliErrors(async (source: string, options: LibraryOptions & { name?: string }) => {
        const progress = new PullProgress(io);
        try {
          const entry = await (await library()).pull(source, { signal: io.signal, fileName: options.name, onProgress: (p) => progress.update(p) });
          progress.finish();
          if (options.json) return printJson(io, entry);
          io.stdout(`Pulled ${entry.name} (${formatBytes(entry.sizeBytes)}, ${entry.summary?.parameterLabel ?? '?'} parameters, ${entry.summary?.quantization ?? '?'}): use --backend local:${entry.path}\n`);
        } catch (err) {
          progress.finish();
          if (isLibraryError(err) && err.code === 'cancelled') throw new CliError(err.message, 130);
          throw err;
        }
      }),
    );

  models
    .command('remove')
    .description('remove a model from the library (for a linked model, only the link)')
    .argument('<name>', 'model name, as `models list` shows it')
    .action(
      cliErrors(async (name: string) => {
        const entry = await (await library()).remove(name);
        io.stdout(entry.linked ? `Removed the link ${entry.name} (the file ${entry.target} is untouched)\n` : `Removed ${entry.name} (${formatBytes(entry.sizeBytes)} freed)\n`);
      }),
    );

  models
    .command('catalogue')
    .alias('catalog')
    .description('models that suit proof checking, by size, with honest notes')
    .option('--json', 'print JSON')
    .action(
      cliErrors(async (options: LibraryOptions) => {
        const catalogue = await (await load()).loadCatalogue();
        if (options.json) return printJson(io, catalogue);
        io.stdout(`${catalogue.note}\n\n`);
        for (const m of catalogue.models) {
          const how = m.source ? `proofwright models pull ${m.source}` : `serve it, then --backend ${m.server}`;
          io.stdout(`${m.name} (${m.parameters}, ${m.suitability}; ~${m.approxDownloadGB} GB download, ~${m.approxMemoryGB} GB memory, profile ${m.profile})\n`);
          io.stdout(`  ${m.notes}\n  ${how}\n\n`);
        }
      }),
    );
}

/** Library and GGUF errors are things the user can act on: one line, exit 1. */
function cliErrors<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      if (isLibraryError(err) || err instanceof GgufError) throw new CliError(err.message);
      throw err;
    }
  };
}

function isLibraryError(err: unknown): err is LibraryError {
  return err instanceof Error && err.name === 'LibraryError';
}

function listRow(e: LibraryEntry): string[] {
  const s = e.summary;
  const where = e.problem ? `unusable: ${e.problem.message}` : e.linked ? `→ ${e.target}` : '';
  return [e.name, formatBytes(e.sizeBytes), s ? s.parameterLabel : '-', s?.quantization ?? '-', s?.contextLength ? String(s.contextLength) : '-', s?.architecture ?? '-', where];
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd() + '\n';
  return line(headers) + rows.map(line).join('');
}

function inspectReport(info: GgufInspection): string {
  const lines = [
    `${info.path}`,
    `  name            ${safeText(info.name ?? '-')}`,
    `  architecture    ${safeText(info.architecture)}`,
    `  parameters      ${info.vocabOnly ? '0 (vocabulary only: no weights)' : `${info.parameterLabel} (${info.parameterCount.toLocaleString('en-US')})`}`,
    `  quantisation    ${info.quantization}  [${Object.entries(info.tensorTypes).map(([t, n]) => `${t}×${n}`).join(', ') || 'no tensors'}]`,
    `  context length  ${info.contextLength ?? 'not stated'}`,
    `  layers          ${info.layers ?? '-'}  (embedding ${info.embeddingLength ?? '-'}, heads ${info.headCount ?? '-'}, KV heads ${info.headCountKv ?? '-'})`,
    `  vocabulary      ${info.vocabSize ?? '-'} tokens`,
    `  file            ${formatBytes(info.fileSize)}${info.splitParts ? ` in ${info.splitParts} files` : ''}, GGUF v${info.version}`,
    `  memory @ ${info.memory.contextSize} ctx  ${formatBytes(info.memory.totalBytes)} = weights ${formatBytes(info.memory.weightsBytes)} + KV cache ${formatBytes(info.memory.kvCacheBytes)} (f16; compute buffers extra)`,
  ];
  if (info.chatTemplate) {
    const template = safeText(info.chatTemplate.replace(/\s+/g, ' '));
    lines.push(`  chat template   ${template.length > 160 ? `${template.slice(0, 160)}… (${info.chatTemplate.length} chars)` : template}`);
  } else {
    lines.push('  chat template   none (a generic template will be used)');
  }
  return lines.join('\n') + '\n';
}

/** Download progress on stderr: redrawn in place on a terminal, a line per 10% otherwise. */
class PullProgress {
  private lastDecile = -1;
  private drawn = false;

  constructor(private readonly io: CliIO) {}

  update(p: PullProgressEvent): void {
    const pct = p.totalBytes ? Math.floor((100 * p.downloadedBytes) / p.totalBytes) : undefined;
    const resumed = p.resumedFromBytes > 0 ? ` (resumed at ${formatBytes(p.resumedFromBytes)})` : '';
    const part = p.part && p.part.count > 1 ? ` [file ${p.part.index} of ${p.part.count}]` : '';
    const text = `${p.fileName}: ${formatBytes(p.downloadedBytes)}${p.totalBytes ? ` / ${formatBytes(p.totalBytes)} (${pct}%)` : ''}${resumed}${part}`;
    if (this.io.stderrIsTTY) {
      this.io.stderr(`\r\x1b[2K${text}`);
      this.drawn = true;
      return;
    }
    const decile = pct === undefined ? -1 : Math.floor(pct / 10);
    if (decile > this.lastDecile || this.lastDecile === -1) {
      this.lastDecile = Math.max(decile, 0);
      this.io.stderr(`${text}\n`);
    }
  }

  finish(): void {
    if (this.drawn) this.io.stderr('\n');
    this.drawn = false;
  }
}
