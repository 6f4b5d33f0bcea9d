// Settings and engine info: the user's saved choices, and what this engine process reports about itself.
import { basename } from 'node:path';
import { CONTRACT_VERSION } from '../../common/contract';
import type { EngineFeature } from '../container';
import type { EngineContext } from './context';

/**
 * Start-up warnings as a client sees them: paths in the user-data folder (backups of damaged files)
 * become `<user data>/…`, since in network serve mode the client is on another machine. The engine
 * prints them with full paths on its own terminal (service.ts).
 */
export function clientWarnings(dataDir: string, warnings: readonly string[]): string[] {
  return warnings.map((w) => w.split(dataDir).join('<user data>'));
}

/** `getSettings`, `setSettings`, `engineInfo`. */
export function settingsFeature(ctx: EngineContext): EngineFeature<'engineInfo' | 'getSettings' | 'setSettings'> {
  const { settings, secrets, docs, guard, options } = ctx;
  return {
    name: 'settings',
    handlers: {
      engineInfo: () => ({
        contractVersion: CONTRACT_VERSION,
        pid: process.pid,
        startedAt: ctx.startedAt,
        workspaceName: basename(guard.root),
        generation: options.generation ?? 0,
        warnings: clientWarnings(ctx.dataDir, [...settings.warnings, ...secrets.warnings, ...docs.warnings]),
      }),
      getSettings: () => settings.get(),
      setSettings: (patch) => settings.update(patch),
    },
  };
}
