import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathError, PathGuard, isInside } from './paths';

let base: string;
let root: string;
let outside: string;
let guard: PathGuard;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'pw-paths-'));
  root = join(base, 'ws');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'proofs'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'proofs', 'a.md'), 'A');
  writeFileSync(join(outside, 'secret.md'), 'S');
  symlinkSync(join(outside, 'secret.md'), join(root, 'link-to-secret.md'));
  symlinkSync(outside, join(root, 'linkdir'));
  symlinkSync(join(root, 'proofs'), join(root, 'inner-link'));
  guard = new PathGuard(root);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('PathGuard', () => {
  it('resolves relative paths inside the workspace, existing or not', () => {
    expect(guard.resolve('proofs/a.md')).toBe(join(root, 'proofs', 'a.md'));
    expect(guard.resolve('new/dir/b.md')).toBe(join(root, 'new', 'dir', 'b.md'));
  });

  it('refuses a ".." that climbs above the workspace, in words', () => {
    expect(() => guard.resolve('../outside/secret.md')).toThrow(/"\.\.\/outside\/secret\.md" climbs out of the workspace: its "\.\." would go above the workspace folder/);
    expect(() => guard.resolve('proofs/../../outside/secret.md')).toThrow(/climbs out/);
    expect(() => guard.resolve('proofs\\..\\..\\x')).toThrow(PathError);
    expect(() => guard.resolve('proofs/..')).toThrow(/names the workspace folder itself/);
  });

  it('normalises a ".." that stays inside (sub/../sub2/x.md is sub2/x.md)', () => {
    expect(guard.resolve('sub/../sub2/x.md')).toBe(join(root, 'sub2', 'x.md'));
    expect(guard.resolve('proofs/./../proofs/a.md')).toBe(join(root, 'proofs', 'a.md'));
    expect(guard.resolve('proofs\\..\\new.md')).toBe(join(root, 'new.md'));
    expect(guard.toClientPath(guard.resolve('sub/../sub2/x.md'))).toBe('sub2/x.md');
  });

  it('never lets a symbolic link turn a ".." into a way out', () => {
    // Resolved on the path as written: `linkdir/..` is the workspace, not the link target's parent.
    expect(guard.resolve('linkdir/../x.md')).toBe(join(root, 'x.md'));
    // A ".." that lands in an escaping link is refused as that link.
    expect(() => guard.resolve('proofs/../linkdir/secret.md')).toThrow(/symbolic link/);
    expect(() => guard.resolve('proofs/../link-to-secret.md')).toThrow(/symbolic link/);
  });

  it('refuses absolute paths outside the root unless granted', () => {
    const secret = join(outside, 'secret.md');
    expect(() => guard.resolve(secret)).toThrow(/outside the workspace/);
    expect(() => guard.resolve('/etc/passwd')).toThrow(PathError);
    const g = new PathGuard(root);
    g.grant(secret);
    expect(g.resolve(secret)).toBe(secret);
    expect(() => g.resolve(join(outside, 'other.md'))).toThrow(PathError);
  });

  it('accepts absolute paths inside the root', () => {
    expect(guard.resolve(join(root, 'proofs', 'a.md'))).toBe(join(root, 'proofs', 'a.md'));
  });

  it('refuses symlinks that escape, to a file or through a directory', () => {
    expect(() => guard.resolve('link-to-secret.md')).toThrow(/symbolic link/);
    expect(() => guard.resolve('linkdir/secret.md')).toThrow(/symbolic link/);
    // A file that does not exist yet under an escaping directory link: checked on the parent.
    expect(() => guard.resolve('linkdir/new.md')).toThrow(/symbolic link/);
  });

  it('allows symlinks that stay inside the workspace', () => {
    expect(guard.resolve('inner-link/a.md')).toBe(join(root, 'inner-link', 'a.md'));
  });

  it('refuses empty paths and NUL bytes', () => {
    expect(() => guard.resolve('')).toThrow(PathError);
    expect(() => guard.resolve('a\0.md')).toThrow(/NUL/);
  });

  it('gives clients workspace-relative paths', () => {
    expect(guard.toClientPath(join(root, 'proofs', 'a.md'))).toBe('proofs/a.md');
  });
});

describe('isInside', () => {
  it('does not confuse a sibling with the same prefix', () => {
    expect(isInside('/a/ws', '/a/ws2/x')).toBe(false);
    expect(isInside('/a/ws', '/a/ws/x')).toBe(true);
    expect(isInside('/a/ws', '/a/ws')).toBe(true);
    expect(isInside('/a/ws', '/a/ws/..x/y')).toBe(true);
  });
});
