// Start the real CLI's serve mode (`node bin/proofwright.mjs serve`) on a free port, for e2e tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface ServeHandle {
  /** Base URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  /** The URL to open first (carries ?token= when a token is required). */
  openUrl: string;
  token: string | null;
  /** User-data folder of this server (settings, recovery copies): isolated per start unless given. */
  userData: string;
  process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** Graceful stop (SIGTERM); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Hard kill (SIGKILL), for crash tests. */
  kill(): Promise<void>;
}

export interface StartServeOptions {
  workspace: string;
  host?: string;
  requireToken?: boolean;
  backend?: string;
  userData?: string;
  rendererDir?: string;
  /** ms to wait for the URL line (default 60 s: tsx compiles the CLI on first start). */
  timeoutMs?: number;
  /** Extra environment for the server (HF_ENDPOINT, PROOFWRIGHT_CATALOGUE…). */
  env?: Record<string, string>;
}

export async function startServe(options: StartServeOptions): Promise<ServeHandle> {
  const userData = options.userData ?? mkdtempSync(join(tmpdir(), 'pw-e2e-user-'));
  const args = [join(REPO_ROOT, 'bin', 'proofwright.mjs'), 'serve', '--port', '0', '--workspace', options.workspace];
  if (options.host) args.push('--host', options.host);
  if (options.requireToken) args.push('--require-token');
  if (options.backend) args.push('--backend', options.backend);
  if (options.rendererDir) args.push('--renderer', options.rendererDir);
  const child = spawn(process.execPath, args, {
    // From the workspace, as a user would run it: nothing may depend on starting inside the repository.
    cwd: options.workspace,
    env: { ...process.env, PROOFWRIGHT_USER_DATA: userData, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

  const openUrl = await new Promise<string>((resolveUrl, rejectUrl) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectUrl(new Error(`serve did not print its URL within ${options.timeoutMs ?? 60_000} ms. Output:\n${output}`));
    }, options.timeoutMs ?? 60_000);
    const check = () => {
      const m = /Open: (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      rejectUrl(new Error(`serve exited (code ${code}) before printing its URL. Output:\n${output}`));
    });
  });
  const parsed = new URL(openUrl);
  const token = parsed.searchParams.get('token');
  parsed.search = '';
  return {
    url: parsed.toString(),
    openUrl,
    token,
    userData,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
