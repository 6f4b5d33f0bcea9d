// Temporary workspaces for e2e tests.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempWorkspace {
  dir: string;
  write(relPath: string, text: string): string;
  copyFrom(src: string, relPath: string): string;
  remove(): void;
}

export function makeWorkspace(files: Record<string, string> = {}): TempWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-ws-'));
  const write = (relPath: string, text: string) => {
    const path = join(dir, relPath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  return {
    dir,
    write,
    copyFrom: (src, relPath) => {
      const path = join(dir, relPath);
      mkdirSync(dirname(path), { recursive: true });
      cpSync(src, path);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
