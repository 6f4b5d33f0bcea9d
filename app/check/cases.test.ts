// Real-shaped cases (corpus/cases/, copied from the project's shared cases): each file's first line
// says the right behaviour of `proofwright check FILE --json`, and this test runs that very command
// in-process on the file. Kinds A–L were false alarms (correct in context), V were false statements
// read as true; l9/l10 are the decimal comma and a congruence written with `=`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import type { CliIO } from '../cli/io';

// cases/ holds the shipped files; heldout/ holds fresh variants of the same kinds in other shapes
// (other phrasing, `$$`/align*/inline math, Unicode, \pmod spellings, …), so a fix must fit the kind.
const folders = ['cases', 'heldout'].map((name) => join(import.meta.dirname, 'corpus', name));
const files = folders.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.md')).sort().map((f) => ({ dir, file: f })));

interface JsonFinding {
  status: 'verified' | 'holds' | 'fails' | 'unchecked';
  left: string;
  right: string;
  reason?: string;
  range: { start: number; end: number };
}

async function checkJson(dir: string, file: string): Promise<{ code: number; computations: JsonFinding[] }> {
  let stdout = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: () => undefined, stderrIsTTY: false, cwd: dir, env: {} };
  const code = await main(['check', file, '--json'], io);
  return { code, computations: (JSON.parse(stdout) as { computations: JsonFinding[] }).computations };
}

/** Where the first display (`\\[`, `$$` or an environment) starts, or -1 for inline-only text. */
function firstDisplay(text: string): number {
  const at = ['\\[', '$$', '\\begin{'].map((d) => text.indexOf(d)).filter((i) => i >= 0);
  return at.length ? Math.min(...at) : -1;
}

/** The statuses the first line allows for the relation the case is about. */
function allowed(expected: string, kind: string): Set<JsonFinding['status']> {
  const head = expected.split('(')[0].trim();
  const out = new Set<JsonFinding['status']>();
  if (/^silent/.test(head) || /^unchecked/.test(head) || /or unchecked/.test(head) || /\(or unchecked\)/.test(expected)) out.add('unchecked');
  if (/^holds|holds or/.test(head)) for (const s of ['holds', 'verified'] as const) out.add(s);
  if (/^verified/.test(head)) out.add('verified');
  if (/^fails/.test(head)) out.add('fails');
  if (/^never fails/.test(head)) for (const s of ['unchecked', 'holds', 'verified'] as const) out.add(s);
  // A congruence may be checked modulo m instead (README of the cases: "unchecked, or checked modulo m").
  if (kind === 'E') out.add('holds');
  return out;
}

describe('real-shaped checker cases', () => {
  expect(files.filter((f) => f.dir === folders[0]).length).toBeGreaterThanOrEqual(41);
  expect(files.filter((f) => f.dir === folders[1]).length).toBeGreaterThanOrEqual(80);

  for (const { dir, file } of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    const expected = /<!--\s*expected:\s*([\s\S]*?)-->/.exec(text.split('\n')[0])![1].trim();
    const kind = /^([A-Z]\d?)-/.exec(file)?.[1] ?? file.split('-')[0];
    it(`${dir === folders[0] ? '' : 'heldout/'}${file}: ${expected.slice(0, 90)}`, async () => {
      const { computations } = await checkJson(dir, file);
      expect(computations.length).toBeGreaterThan(0);
      const mathStart = firstDisplay(text);
      // The relation a case is about: those in its display, or (inline-only cases) the last one.
      const shown = mathStart >= 0 ? computations.filter((c) => c.range.start > mathStart) : computations.slice(-1);
      // `S = 1 + 2 + …` names the sum; the case is about the computation after it.
      const computed = shown.filter((c) => !/^a definition/.test(c.reason ?? ''));
      const target = computed.length ? computed : shown;
      expect(target.length).toBeGreaterThan(0);
      const ok = allowed(expected, kind);
      for (const c of target) expect(ok, `${c.left} ? ${c.right}: ${c.status} (${c.reason ?? ''})`).toContain(c.status);
      if (kind === 'E') for (const c of target.filter((t) => t.status === 'holds')) expect(c.reason).toMatch(/modulo \d+|equal as integers/);
      // Only a false statement may ever fail; a false statement is never verified through misreading.
      if (kind !== 'V') expect(computations.filter((c) => c.status === 'fails')).toEqual([]);
      else expect(target.map((c) => c.status)).not.toContain('verified');
      if (/^silent/.test(expected)) expect(computations.every((c) => c.status === 'unchecked')).toBe(true);
    });
  }
});
