// `proofwright check FILE [--json]`: LaTeX lint and computation checks, no model. Prints findings as
// `file:line:col: level: message` and exits 1 when there are errors (LaTeX errors or failing
// computations), so it can run in a pre-commit hook or CI over a course's proof files.
import type { Command } from 'commander';
import { LineIndex, type Position } from '../common/text';
import { CliError, printJson, readInputFile, safeText, type CliIO } from './io';

interface CheckCliOptions {
  json?: boolean | string;
  macros?: string;
  symbolic?: boolean;
  all?: boolean;
}

function readMacros(text: string, path: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`macros file ${path} is not JSON: expected an object like {"\\\\R": "\\\\mathbb{R}"}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new CliError(`macros file ${path} must hold one object mapping macro names to their expansion`);
  }
  return Object.fromEntries(Object.entries(value as Record<string, string>).map(([k, v]) => [k.startsWith('\\') ? k : `\\${k}`, v]));
}

export function registerCheckCommand(program: Command, io: CliIO): void {
  program
    .command('check')
    .description('lint the LaTeX and check the computations of a proof file (no model); exit 1 on errors')
    .argument('<file>', 'proof file (.md or .tex)')
    .option('--json [file]', 'print the findings as JSON (or write them to FILE)')
    .option('--macros <file>', 'JSON file of extra macros, e.g. {"\\\\R": "\\\\mathbb{R}"}')
    .option('--no-symbolic', 'numeric checks only (skip the symbolic simplifier)')
    .option('--all', 'also list verified and unchecked computations')
    .action(async (file: string, options: CheckCliOptions) => {
      const text = await readInputFile(io.cwd, file, 'proof file');
      const extra = options.macros ? readMacros(await readInputFile(io.cwd, options.macros, 'macros file'), options.macros) : {};
      const [{ documentFormat, parseProof }, { Checker }, { collectMacros }, { readWorkspaceMacros }] = await Promise.all([
        import('../proof'), import('../check'), import('../common/tex/macros'), import('../engine/workspace-macros'),
      ]);
      const doc = parseProof(text, documentFormat(file, text));
      // The workspace's macros.tex (the current folder) under the document's own definitions, as the
      // workbench and the report read them; --macros on top.
      const workspace = await readWorkspaceMacros(io.cwd);
      const macros = workspace ? { ...collectMacros(text, workspace), ...extra } : extra;
      const report = new Checker({ macros, symbolic: options.symbolic !== false }).check(doc);
      const index = new LineIndex(text);
      const at = (offset: number): Position => index.positionAt(offset);

      const errors = report.lint.filter((l) => l.level === 'error').length + report.computations.filter((c) => c.status === 'fails').length;
      const warnings = report.lint.filter((l) => l.level === 'warning').length;
      const count = (status: string) => report.computations.filter((c) => c.status === status).length;
      const summary = { errors, warnings, verified: count('verified'), holds: count('holds'), fails: count('fails'), unchecked: count('unchecked') };

      if (options.json) {
        await printJson(
          io,
          {
            file,
            format: doc.format,
            summary,
            lint: report.lint.map((l) => ({ ...l, start: at(l.range.start), end: at(l.range.end) })),
            computations: report.computations.map((c) => ({ ...c, start: at(c.range.start), end: at(c.range.end) })),
          },
          options.json,
        );
      } else {
        const lines: { offset: number; line: string }[] = [];
        const where = (offset: number) => {
          const p = at(offset);
          return `${file}:${p.line}:${p.column}`;
        };
        for (const l of report.lint) lines.push({ offset: l.range.start, line: `${where(l.range.start)}: ${l.level}: ${safeText(l.message)} [${l.code}]` });
        for (const c of report.computations) {
          if (c.status === 'fails') lines.push({ offset: c.range.start, line: `${where(c.range.start)}: error: ${safeText(c.message)} [computation]` });
          else if (options.all) lines.push({ offset: c.range.start, line: `${where(c.range.start)}: ${c.status === 'unchecked' ? 'note' : 'ok'}: ${safeText(c.message)}` });
        }
        lines.sort((a, b) => a.offset - b.offset);
        for (const l of lines) io.stdout(`${l.line}\n`);
        io.stdout(
          `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}; computations: ` +
            `${summary.verified} verified, ${summary.holds} hold numerically, ${summary.fails} fail, ${summary.unchecked} unchecked\n`,
        );
      }
      if (errors > 0) throw new CliError(`${file}: ${errors} error${errors === 1 ? '' : 's'} found`);
    });
}
