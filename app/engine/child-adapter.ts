// The Node adapter of the engine lifecycle (`lifecycle.ts`): one engine host in a child process
// started with `fork`, IPC in JSON. Strings on the channel are RPC traffic (handed to `onRpc`),
// objects are host notices, parsed at the boundary (`host-protocol.ts`).
import { fork, type ChildProcess } from 'node:child_process';
import { HostNoticeSchema, parseHostMessage, type HostControl } from './host-protocol';
import type { EngineAdapter, EngineProcess } from './lifecycle';

export interface ChildAdapterOptions {
  /** The host's entry file. */
  entry: string;
  execArgv?: string[];
  /** The host's environment for one generation (`first` is false after a crash). */
  env(generation: number, first: boolean): Record<string, string>;
  /** Every child as it starts (the caller sends on the newest one). */
  onChild(child: ChildProcess): void;
  /** An RPC message (a string) from the host. */
  onRpc(data: string): void;
  /** Name in log lines. */
  label?: string;
}

/** An `EngineAdapter` that forks `entry` as a Node child process per engine generation. */
export function childProcessAdapter(options: ChildAdapterOptions): EngineAdapter {
  return {
    spawn(generation, first, hooks): EngineProcess {
      const child = fork(options.entry, [], {
        execArgv: options.execArgv ?? [],
        env: options.env(generation, first),
        serialization: 'json',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      options.onChild(child);
      child.on('message', (message: unknown) => {
        if (typeof message === 'string') return options.onRpc(message);
        const notice = parseHostMessage(HostNoticeSchema, message, (reason) => console.error(`[${options.label ?? 'supervisor'}] ${reason}`));
        if (notice?.type === 'ready') hooks.ready();
        else if (notice?.type === 'fatal') hooks.fatal(notice.message);
      });
      child.on('exit', (code, signal) => hooks.exited({ code, signal }));
      // A child that cannot be spawned at all emits 'error' and may never emit 'exit'.
      child.on('error', (error) => {
        hooks.fatal(error.message);
        if (child.pid === undefined) hooks.exited({ code: null, signal: null });
      });
      return {
        shutdown: () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          if (child.connected) child.send({ type: 'shutdown' } satisfies HostControl);
          else child.kill('SIGTERM');
        },
        kill: () => void child.kill('SIGKILL'),
      };
    },
  };
}
