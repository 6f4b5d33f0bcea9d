// Settings and engine info: the user's saved choices, and what this engine process reports about itself.
import { basename } from 'node:path';
import { CONTRACT_VERSION } from '../../common/contract';
import type { EngineFeature } from '../container';
import type { EngineContext } from './context';

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
        warnings: [...settings.warnings, ...secrets.warnings, ...docs.warnings],
      }),
      getSettings: () => settings.get(),
      setSettings: (patch) => settings.update(patch),
    },
  };
}
