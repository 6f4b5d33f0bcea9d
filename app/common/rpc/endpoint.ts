// One generic RPC endpoint: birpc over any string channel, with every inbound call validated against
// the local schema map before its handler runs, and every outbound result against the remote's.
// Errors travel as { name, message, code } and come back as RpcError. Knows nothing of the engine:
// app/common/contract.ts instantiates it for the engine's method table and events.
import { createBirpc, type BirpcReturn } from 'birpc';
import type { z } from 'zod';
import type { MethodSchema } from '../schemas/primitives';
import type { MessageChannelLike } from './channels';

/** Schemas of a set of remote functions, by name. */
export type SchemaMap = Record<string, MethodSchema>;
/** What a caller sees: each function returns a promise of its validated result. */
export type ApiOf<S extends SchemaMap> = {
  [K in keyof S]: (...args: z.input<S[K]['args']>) => Promise<z.output<S[K]['result']>>;
};
/** What an implementer writes: parsed arguments in, a result (or its promise) out. */
export type HandlersOf<S extends SchemaMap> = {
  [K in keyof S]: (...args: z.output<S[K]['args']>) => z.input<S[K]['result']> | Promise<z.input<S[K]['result']>>;
};

/** An error that crossed the RPC boundary. `code` says what kind, for the UI to decide what to show. */
export class RpcError extends Error {
  constructor(
    message: string,
    readonly code: RpcErrorCode = 'internal',
  ) {
    super(message);
    this.name = 'RpcError';
  }
}
export type RpcErrorCode =
  | 'invalid-request'
  | 'invalid-response'
  | 'unknown-method'
  | 'not-found'
  | 'forbidden-path'
  | 'conflict'
  | 'unavailable'
  | 'engine-stopped'
  | 'internal';

/** Format zod issues as one line a person can read: `args[0].edits[2].end: Too small…`. */
export function describeIssues(error: z.ZodError, root: string): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.reduce<string>(
        (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
        root,
      );
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** Validate one inbound call against a schema map; returns the parsed arguments or throws RpcError. */
export function validateCall<S extends SchemaMap>(schemas: S, method: string, args: unknown): unknown[] {
  if (!Object.prototype.hasOwnProperty.call(schemas, method)) {
    throw new RpcError(`unknown method "${method}"`, 'unknown-method');
  }
  const parsed = schemas[method].args.safeParse(args);
  if (!parsed.success) {
    throw new RpcError(`invalid arguments to ${method}: ${describeIssues(parsed.error, 'args')}`, 'invalid-request');
  }
  return parsed.data as unknown[];
}

interface WireError {
  name: string;
  message: string;
  code: RpcErrorCode;
}

function toWireError(error: unknown): WireError {
  if (error instanceof RpcError) return { name: error.name, message: error.message, code: error.code };
  const code = (error as { rpcCode?: RpcErrorCode } | null)?.rpcCode ?? 'internal';
  if (error instanceof Error) return { name: 'RpcError', message: error.message, code };
  return { name: 'RpcError', message: String(error), code };
}

/** JSON on the wire; errors become { name, message, code } and come back as RpcError. */
export function serialize(message: unknown): string {
  const msg = message as { e?: unknown };
  if (msg && typeof msg === 'object' && 'e' in msg && msg.e !== undefined) return JSON.stringify({ ...msg, e: toWireError(msg.e) });
  return JSON.stringify(message);
}

function deserialize(data: unknown): Record<string, unknown> {
  const text = typeof data === 'string' ? data : String(data);
  const msg = JSON.parse(text) as { e?: WireError; [key: string]: unknown } | null;
  if (!msg || typeof msg !== 'object') throw new RpcError('malformed RPC message', 'invalid-request');
  if (msg.e && typeof msg.e === 'object') {
    return { ...msg, e: new RpcError(String(msg.e.message), msg.e.code ?? 'internal') };
  }
  return msg;
}

export interface EndpointOptions<Local extends SchemaMap, Remote extends SchemaMap> {
  channel: MessageChannelLike;
  local: Local;
  remote: Remote;
  handlers: Partial<HandlersOf<Local>>;
  /** Remote functions that are fire-and-forget. */
  eventNames: (keyof Remote & string)[];
  /** ms a call may take before it is rejected; runs return at once, so a minute is generous. */
  timeout?: number;
  /** Inbound messages are fire-and-forget events (the client side): errors go to onProtocolError. */
  localAreEvents?: boolean;
  /** Called when an inbound message could not be handled (invalid JSON, invalid event payload). */
  onProtocolError?: (error: Error) => void;
}

export function createEndpoint<Local extends SchemaMap, Remote extends SchemaMap>(options: EndpointOptions<Local, Remote>) {
  const { channel, local, remote, handlers } = options;
  // Parse before birpc sees a message, so malformed input is reported instead of thrown in a listener.
  const wrapped = new Map<(data: unknown) => unknown, (data: string) => void>();
  const rpc = createBirpc<Record<string, (...args: unknown[]) => unknown>, Record<string, unknown>>(
    {},
    {
      post: (data: string) => channel.post(data),
      on: (fn) => {
        const listener = (data: string) => {
          let message: unknown;
          try {
            message = deserialize(data);
          } catch (error) {
            options.onProtocolError?.(new RpcError(`malformed RPC message: ${(error as Error).message}`, 'invalid-request'));
            return;
          }
          Promise.resolve(fn(message)).catch((error: unknown) => options.onProtocolError?.(error as Error));
        };
        wrapped.set(fn, listener);
        channel.on(listener);
      },
      off: (fn) => {
        const listener = wrapped.get(fn);
        if (listener) channel.off?.(listener);
      },
      serialize,
      eventNames: options.eventNames,
      timeout: options.timeout ?? 60_000,
      bind: 'functions',
      // Inbound calls: only methods of the contract, and only with arguments that match their schema.
      resolver(name) {
        return async (...args: unknown[]) => {
          try {
            const parsedArgs = validateCall(local, name, args);
            const handler = Object.prototype.hasOwnProperty.call(handlers, name)
              ? (handlers as Record<string, ((...a: unknown[]) => unknown) | undefined>)[name]
              : undefined;
            if (!handler) throw new RpcError(`method "${name}" is not available here`, 'unknown-method');
            return await handler(...parsedArgs);
          } catch (error) {
            // Inbound events have no caller to report to: surface the problem locally instead.
            if (options.localAreEvents) {
              options.onProtocolError?.(error as Error);
              return undefined;
            }
            throw error;
          }
        };
      },
    },
  ) as unknown as BirpcReturn<Record<string, (...args: unknown[]) => unknown>, Record<string, unknown>>;

  // Outbound calls: validate our own arguments (catch bugs early) and the remote's result.
  const api = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of Object.keys(remote)) {
    const schema = remote[name];
    const isEvent = options.eventNames.includes(name);
    api[name] = async (...args: unknown[]) => {
      const parsedArgs = validateCall(remote, name, args);
      if (isEvent) {
        await rpc.$callEvent(name, ...parsedArgs);
        return undefined;
      }
      const result = await rpc.$call(name, ...parsedArgs);
      const parsed = schema.result.safeParse(result);
      if (!parsed.success) {
        throw new RpcError(`invalid result from ${name}: ${describeIssues(parsed.error, 'result')}`, 'invalid-response');
      }
      return parsed.data;
    };
  }
  return {
    api,
    close: (reason?: string) => rpc.$close(reason ? new RpcError(reason, 'engine-stopped') : undefined),
    get closed() {
      return rpc.$closed;
    },
  };
}
