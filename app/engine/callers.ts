// Which client a call comes from. The engine serves several clients at once (serve mode: one per
// WebSocket, relayed by the supervisor; Electron: one MessagePort per window), and a document open in
// one of them is that client's: its recovery copy is not offered to another client while it lives.
// The host runs each client's messages inside `asCaller`; the handlers, and what they start, read it
// back with `currentCaller` (AsyncLocalStorage follows the call through its awaits and timers).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MessageChannelLike } from '../common/contract';

const callers = new AsyncLocalStorage<string>();

/** Runs `fn` (and everything it starts) as a call from `caller`. */
export function asCaller<T>(caller: string, fn: () => T): T {
  return callers.run(caller, fn);
}

/** The client the current call comes from; null outside any client's call (tests, the CLI). */
export function currentCaller(): string | null {
  return callers.getStore() ?? null;
}

/**
 * The serve-mode caller of one relayed RPC message: the supervisor prefixes every request id with
 * its connection's number (`7:42`). Null for a message without such an id (or not JSON).
 */
export function serveCallerOf(data: string): string | null {
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return null;
  }
  const id = message && typeof message === 'object' ? (message as { i?: unknown }).i : undefined;
  const match = typeof id === 'string' ? /^(\d+):/.exec(id) : null;
  return match ? serveCaller(Number(match[1])) : null;
}

/** The caller name of the supervisor's connection number `n` (what the `disconnected` notice names). */
export function serveCaller(n: number): string {
  return `ws-${n}`;
}

/** `channel`, with every message it delivers handled as a call from `caller` (one Electron window). */
export function channelAsCaller(channel: MessageChannelLike, caller: string): MessageChannelLike {
  const wrapped = new Map<(data: string) => void, (data: string) => void>();
  return {
    post: (data) => channel.post(data),
    on: (fn) => {
      const listener = (data: string) => asCaller(caller, () => fn(data));
      wrapped.set(fn, listener);
      channel.on(listener);
    },
    off: (fn) => {
      const listener = wrapped.get(fn);
      wrapped.delete(fn);
      if (listener) channel.off?.(listener);
    },
  };
}
