// `proofwright steps FILE [--json]`: the proof's steps with their ranges (what the verifier sees as [S1]…).
import type { Command } from 'commander';
import { printJson, readInputFile, safeText, type CliIO } from './io';

export function registerSteps(program: Command, io: CliIO): void {
  program
    .command('steps')
    .description('list the steps of a proof file with their source ranges')
    .argument('<file>', 'proof file (.md or .tex)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = await readInputFile(io.cwd, file, 'proof file');
      const { documentFormat, parseProof } = await import('../proof');
      const doc = parseProof(text, documentFormat(file, text));
      if (options.json) {
        printJson(io, {
          file,
          format: doc.format,
          body: doc.body,
          steps: doc.steps.map((s) => ({ id: s.id, label: s.label, kind: s.kind, section: s.section, range: s.range, text: s.text })),
        });
        return;
      }
      for (const step of doc.steps) {
        const where = `${step.range.startPos.line}:${step.range.startPos.column}-${step.range.endPos.line}:${step.range.endPos.column}`;
        const preview = safeText(step.text.replace(/\s+/g, ' ').trim());
        io.stdout(`${step.label.padEnd(4)} ${step.kind.padEnd(12)} ${where.padEnd(12)} ${preview.length > 70 ? preview.slice(0, 69) + '…' : preview}\n`);
      }
      if (doc.steps.length === 0) io.stdout('(no steps)\n');
    });
}
