// Where the Electron binary is, or why there is none. Apart from start.mjs, which starts things when it
// is loaded, so that a test can ask without starting a server in its own process.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron binary's path, or why there is none (the electron package throws when its download was skipped). */
export function electronBinary() {
  try {
    const path = createRequire(join(root, 'package.json'))('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `the Electron binary is not installed (${path} does not exist)` };
  } catch (error) {
    const reason = /failed to install correctly/i.test(String(error?.message)) ? 'the Electron binary is not installed (its download was skipped or failed)' : `the electron package cannot be loaded (${String(error?.message).split('\n')[0]})`;
    return { missing: reason };
  }
}
