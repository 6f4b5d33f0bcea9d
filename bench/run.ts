// Runs every bench/*.bench.ts (or those whose file name contains the CLI argument), one after the
// other, prints a table of value / baseline / ratio and writes bench/results.json.
//   npm run bench            all benchmarks
//   npm run bench -- prefix  only files whose name contains "prefix"
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './types';

const here = dirname(fileURLToPath(import.meta.url));

interface FileOutcome {
  file: string;
  seconds: number;
  results: BenchResult[];
  error?: string;
}

function isBenchResult(value: unknown): value is BenchResult {
  const r = value as BenchResult;
  return typeof r === 'object' && r !== null && typeof r.name === 'string' && typeof r.value === 'number' && typeof r.baseline === 'number';
}

function format(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  return abs >= 100 ? n.toFixed(0) : abs >= 1 ? n.toFixed(2) : n.toPrecision(3);
}

async function main(filter: string | undefined) {
  const files = readdirSync(here)
    .filter((name) => name.endsWith('.bench.ts') && (!filter || name.includes(filter)))
    .sort();
  if (files.length === 0) {
    console.error(`no bench/*.bench.ts file matches "${filter}"`);
    process.exitCode = 1;
    return;
  }
  // Other processes' load decides how far CPU figures can be trusted: it goes with the results.
  const loadBefore = os.loadavg()[0];
  const outcomes: FileOutcome[] = [];
  for (const file of files) {
    const start = performance.now();
    process.stderr.write(`running ${file}…\n`);
    try {
      const mod = (await import(pathToFileURL(join(here, file)).href)) as { run?: () => Promise<unknown> };
      if (typeof mod.run !== 'function') throw new Error('it does not export run(): Promise<BenchResult[]>');
      const results = await mod.run();
      if (!Array.isArray(results) || !results.every(isBenchResult)) throw new Error('run() did not return BenchResult[]');
      outcomes.push({ file, seconds: (performance.now() - start) / 1000, results });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`${file} failed: ${message}`);
      outcomes.push({ file, seconds: (performance.now() - start) / 1000, results: [], error: message });
      process.exitCode = 1;
    }
  }
  const rows = outcomes.flatMap((o) =>
    o.results.map((r) => ({
      file: o.file,
      name: r.name,
      value: `${format(r.value)} ${r.unit}`,
      baseline: `${format(r.baseline)} ${r.unit}`,
      ratio: format(r.ratio),
      note: r.note ?? '',
    })),
  );
  console.table(rows);
  for (const o of outcomes) console.log(`${o.file}: ${o.seconds.toFixed(1)} s${o.error ? ` (failed: ${o.error})` : ''}`);
  const machine = { cpus: os.availableParallelism(), loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg()[0] };
  console.log(`${machine.cpus} cores; 1-minute load average ${loadBefore.toFixed(1)} before, ${machine.loadAverageAfter.toFixed(1)} after`);
  const path = join(here, 'results.json');
  await writeFile(path, `${JSON.stringify({ date: new Date().toISOString(), filter: filter ?? null, machine, outcomes }, null, 2)}\n`);
  console.log(`wrote ${path}`);
}

await main(process.argv[2]);
