// `proofwright serve [--port P] [--host H] [--workspace DIR] [--open]`: the workbench in a browser.
// Serves the built renderer and the RPC WebSocket; the engine runs in a supervised child process.
// Binds 127.0.0.1 by default; any other host (or --require-token) needs the printed token.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { CliError, type CliIO } from './io';

interface ServeCommandOptions {
  port: number;
  host: string;
  workspace?: string;
  open?: boolean;
  requireToken?: boolean;
  backend?: string;
  renderer?: string;
}

function portNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('--port must be a number from 0 to 65535 (0: any free port).');
  return Number(value);
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(command, [url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
}

export function registerServeCommand(program: Command, io: CliIO): void {
  program
    .command('serve')
    .description('serve the workbench to a browser: the built UI over HTTP and the engine over a WebSocket')
    .option('--port <port>', 'port to listen on (0: any free port)', portNumber, 4567)
    .option('--host <host>', 'address to bind; anything but loopback requires the printed token', '127.0.0.1')
    .option('--workspace <dir>', 'folder of proofs the UI may open and save (default: the current folder)')
    .option('--require-token', 'require the token even on loopback')
    .option('--backend <spec>', 'model backend to load at start (scripted:PATH.json, scripted:sample:NAME, local:PATH.gguf, openai:URL#MODEL)')
    .option('--renderer <dir>', 'folder of the built renderer (default: dist/renderer)')
    .option('--open', 'open the URL in the default browser')
    .action(async (options: ServeCommandOptions) => {
      const workspace = resolve(io.cwd, options.workspace ?? '.');
      const info = await stat(workspace).catch(() => null);
      if (!info?.isDirectory()) throw new CliError(`workspace is not a folder: ${options.workspace ?? '.'}`);
      // Loaded here, not at the top: every CLI start imports every command file.
      const { startServer } = await import('../server/server');
      const server = await startServer({
        workspace,
        host: options.host,
        port: options.port,
        requireToken: options.requireToken,
        // Relative paths in --backend mean the folder serve was started in (as for `verify`), not the workspace.
        backend: options.backend ? (await import('../models/spec')).absoluteSpec(options.backend, io.cwd) : undefined,
        rendererDir: options.renderer ? resolve(io.cwd, options.renderer) : undefined,
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') throw new CliError(`port ${options.port} is in use: pick another with --port (0 for any free port)`);
        if (error.code === 'EADDRNOTAVAIL') throw new CliError(`cannot bind to ${options.host}: no such address on this machine`);
        throw error;
      });
      // Graceful shutdown: runs are cancelled (finished calls stay recorded), records and recovery
      // copies are flushed, sockets are closed. The handlers go in before the URL is printed: whoever
      // reads the URL may signal at once, and an unhandled SIGTERM would kill the process outright.
      const stopped = new Promise<void>((resolveDone) => {
        const stop = (signal: string) => {
          io.stderr(`\n${signal}: shutting down…\n`);
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          void server.close().then(resolveDone);
        };
        const onInt = () => stop('SIGINT');
        const onTerm = () => stop('SIGTERM');
        process.on('SIGINT', onInt);
        process.on('SIGTERM', onTerm);
      });
      io.stdout(`Proofwright serving ${workspace}\n`);
      io.stdout(`Open: ${server.openUrl}\n`);
      if (server.host === '0.0.0.0' || server.host === '::') {
        // A wildcard address is not something to type into a browser: name this machine too.
        const elsewhere = server.openUrl.replace(/\/\/[^/]+\//, `//${hostname()}:${server.port}/`);
        io.stdout(`From other machines: ${elsewhere}\n`);
      }
      if (server.token) io.stdout('The token in this URL is needed once; keep it private. Stop with Ctrl+C.\n');
      else io.stdout('Listening on loopback only. Stop with Ctrl+C.\n');
      if (options.open) openInBrowser(server.openUrl);
      await stopped;
      io.stdout('Stopped.\n');
    });
}
