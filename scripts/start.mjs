// `npm start`: the desktop app when the Electron binary is installed; otherwise (a server, a container,
// an install with ELECTRON_SKIP_BINARY_DOWNLOAD=1) one line saying so, and the same workbench in the
// browser: `proofwright serve` on loopback, its URL printed and opened. Extra arguments go to serve
// (e.g. `npm start -- --workspace ~/proofs --port 0`). PROOFWRIGHT_NO_OPEN=1 prints the URL only.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(command, args) {
  const child = spawn(command, args, { cwd: process.cwd(), stdio: 'inherit' });
  // Ctrl+C reaches the child through the terminal; its exit code is ours.
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (error) => {
    console.error(`npm start: ${error.message}`);
    process.exit(1);
  });
  // A SIGTERM or SIGHUP (a process manager, a closed terminal, `kill`) is for the child too: without
  // this we died alone and left the workbench server running, orphaned. Ctrl+C's SIGINT already
  // reaches the whole foreground group. We exit when the child does (above).
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
}

const electron = electronBinary();
if (electron.path) {
  run(electron.path, [root]);
} else {
  console.error(`npm start: ${electron.missing}; opening the workbench in your browser instead (proofwright serve on 127.0.0.1).`);
  const args = [join(root, 'bin', 'proofwright.mjs'), 'serve', ...process.argv.slice(2)];
  if (process.env.PROOFWRIGHT_NO_OPEN !== '1') args.push('--open');
  run(process.execPath, args);
}
