// electron-builder.yml: valid against electron-builder's own schema, and it keeps the promises the
// release depends on (fuses, native binaries unpacked and per-platform, file associations, targets).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultStageDir } from '../scripts/stage-llama-server';

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, '..');
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, debug: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('sets the release fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('unpacks node-llama-cpp binaries and packs only the target platform', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/@node-llama-cpp/**');
    expect(config.files).toContain('!node_modules/@node-llama-cpp/**');
    expect(config.files).toContain('node_modules/@node-llama-cpp/${os}-${arch}*/**');
  });

  it('declares Linux AppImage and deb, plus mac and Windows targets, and .md/.tex associations', () => {
    expect(config.linux.target.map((t: { target: string }) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.mac.target.length).toBeGreaterThan(0);
    expect(config.win.target.length).toBeGreaterThan(0);
    expect(config.fileAssociations.map((a: { ext: string }) => a.ext)).toEqual(['md', 'tex']);
  });

  it('packs the bundles the main entry needs', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/main/main.js');
    expect(config.files).toContain('dist/main/**');
    expect(config.files).toContain('dist/renderer/**');
  });

  it('ships the llama-server that npm run dist stages, from the folder staged for the target platform', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.dist).toMatch(/tsx scripts\/stage-llama-server\.ts && electron-builder /);
    const entry = (config.extraResources as { from: string; to: string }[]).find((r) => r.to === 'llama-server');
    expect(entry).toBeDefined();
    // electron-builder's own macro expansion: the folder it reads for a linux x64 / arm64 package is the one staged there.
    const { expandMacro } = require('app-builder-lib/out/util/macroExpander') as {
      expandMacro(pattern: string, arch: string | null, appInfo: unknown, extra: Record<string, string>): string;
    };
    for (const arch of ['x64', 'arm64']) {
      expect(join(ROOT, expandMacro(entry!.from, arch, {}, { os: 'linux' }))).toBe(defaultStageDir('linux', arch));
    }
    expect(join(ROOT, expandMacro(entry!.from, 'arm64', {}, { os: 'mac' }))).toBe(defaultStageDir('darwin', 'arm64'));
  });
});
