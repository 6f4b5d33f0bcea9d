// Bundles the Electron side into dist/main/: main.js (ESM), preload.cjs (sandboxed preloads must be
// CommonJS), engine-host.js (the engine for the utility process; node-llama-cpp stays external
// because its native binaries are loaded from node_modules, unpacked from the asar) and check-worker.js
// (the editor's checker on a worker thread of the engine).
// Usage: node main/build.mjs [--production]
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: production ? false : 'linked',
  minify: false,
  logLevel: 'warning',
  absWorkingDir: root,
  external: ['electron', 'node-llama-cpp', '@node-llama-cpp/*'],
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};
// ESM bundles that contain CommonJS dependencies (ws, write-file-atomic) need a require.
const esmBanner = { js: "import { createRequire as __pwCreateRequire } from 'node:module'; const require = __pwCreateRequire(import.meta.url);" };

await Promise.all([
  build({ ...common, entryPoints: ['main/main.ts'], outfile: 'dist/main/main.js', format: 'esm', banner: esmBanner }),
  build({ ...common, entryPoints: ['main/preload.ts'], outfile: 'dist/main/preload.cjs', format: 'cjs', platform: 'node' }),
  build({ ...common, entryPoints: ['app/engine/host.ts'], outfile: 'dist/main/engine-host.js', format: 'esm', banner: esmBanner }),
  // The editor's checker runs on a worker thread of the engine (app/engine/checkThread.ts looks for it beside engine-host.js).
  build({ ...common, entryPoints: ['app/engine/checkWorker.ts'], outfile: 'dist/main/check-worker.js', format: 'esm', banner: esmBanner }),
]);
console.log('built dist/main/{main.js, preload.cjs, engine-host.js, check-worker.js}');
