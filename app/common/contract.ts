// The one RPC contract between the UI (renderer, or a browser in serve mode) and the engine: the
// method table (what a client may call, each with its argument and result schemas), the events the
// engine sends, and the two ends that validate every message crossing a process boundary
// (`createEngineClient`, `serveEngine`). Pure TypeScript: no Node APIs, no DOM (runs everywhere).
//
// The pieces live by feature: schemas/ (documents, runs, models, checks, reports, settings, events:
// the shapes and the methods of each), rpc/endpoint.ts (the generic validated endpoint over birpc),
// rpc/channels.ts (MessagePort, WebSocket, child-process adapters). This file composes them and
// re-exports everything, so `import … from 'app/common/contract'` keeps working.
import type { z } from 'zod';
import type { LoopEvent } from './events';
import { checkMethods } from './schemas/checks';
import { documentMethods, type DocumentChangedSchema, type DocumentOnDiskSchema, type DocumentSavedSchema } from './schemas/documents';
import { clientEvents, engineInfoMethods, type CheckerFindingsSchema, type EngineStatusSchema } from './schemas/events';
import { modelMethods, type BackendStatusSchema, type PullProgressSchema } from './schemas/models';
import type { MethodSchema } from './schemas/primitives';
import { reportMethods } from './schemas/reports';
import { runMethods } from './schemas/runs';
import { settingsMethods } from './schemas/settings';
import { createEndpoint, serialize, validateCall, type ApiOf, type HandlersOf } from './rpc/endpoint';
import type { MessageChannelLike } from './rpc/channels';

export * from './schemas/proof';
export * from './schemas/documents';
export * from './schemas/runs';
export * from './schemas/models';
export * from './schemas/checks';
export * from './schemas/reports';
export * from './schemas/settings';
export * from './schemas/events';
export * from './schemas/search';
export { ClientPathSchema, type MethodSchema } from './schemas/primitives';
export * from './rpc/endpoint';
export * from './rpc/channels';

export const CONTRACT_VERSION = 1;

/** Engine methods (client → engine), by feature. */
export const engineMethods = {
  ...engineInfoMethods,
  ...documentMethods,
  ...checkMethods,
  ...runMethods,
  ...modelMethods,
  ...settingsMethods,
  ...reportMethods,
} satisfies Record<string, MethodSchema>;

export type EngineMethods = typeof engineMethods;
export type ClientEvents = typeof clientEvents;
/** What a client calls: every engine method, returning a promise of its validated result. */
export type EngineApi = ApiOf<EngineMethods>;
/** What the engine implements. */
export type EngineHandlers = HandlersOf<EngineMethods>;
/** What the client implements to receive events. */
export type ClientHandlers = HandlersOf<ClientEvents>;
export type EngineMethodName = keyof EngineMethods;

export interface EngineClient {
  engine: EngineApi;
  /** Reject pending calls with `reason` and stop listening. */
  close(reason?: string): void;
  readonly closed: boolean;
}

/** The client side (renderer, browser, tests): call the engine, receive its events. */
export function createEngineClient(
  channel: MessageChannelLike,
  handlers: Partial<ClientHandlers> = {},
  options: { timeout?: number; onProtocolError?: (error: Error) => void } = {},
): EngineClient {
  const endpoint = createEndpoint({
    channel,
    local: clientEvents,
    remote: engineMethods,
    handlers,
    eventNames: [],
    localAreEvents: true,
    ...options,
  });
  return {
    engine: endpoint.api as unknown as EngineApi,
    close: endpoint.close,
    get closed() {
      return endpoint.closed;
    },
  };
}

export interface ClientEventSender {
  loopEvent(event: LoopEvent): Promise<void>;
  pullProgress(progress: z.input<typeof PullProgressSchema>): Promise<void>;
  engineStatus(status: z.input<typeof EngineStatusSchema>): Promise<void>;
  backendChanged(status: z.input<typeof BackendStatusSchema>): Promise<void>;
  checkerFindings(findings: z.input<typeof CheckerFindingsSchema>): Promise<void>;
  documentChanged(change: z.input<typeof DocumentChangedSchema>): Promise<void>;
  documentSaved(saved: z.input<typeof DocumentSavedSchema>): Promise<void>;
  documentOnDisk(change: z.input<typeof DocumentOnDiskSchema>): Promise<void>;
}

/** The engine side: dispatch validated calls to `handlers`; send events to the client. */
export function serveEngine(
  channel: MessageChannelLike,
  handlers: Partial<EngineHandlers>,
  options: { onProtocolError?: (error: Error) => void } = {},
): { client: ClientEventSender; close(): void } {
  const endpoint = createEndpoint({
    channel,
    local: engineMethods,
    remote: clientEvents,
    handlers,
    eventNames: Object.keys(clientEvents) as (keyof ClientEvents & string)[],
    ...options,
  });
  return { client: endpoint.api as unknown as ClientEventSender, close: () => endpoint.close() };
}

/**
 * Encode an engine→client event as one wire message, for a process that relays the engine's
 * channel and adds events of its own (the supervisor's engine status). Validates the payload.
 */
export function encodeClientEvent<K extends keyof ClientEvents & string>(name: K, ...args: z.input<ClientEvents[K]['args']>): string {
  const parsed = validateCall(clientEvents, name, args);
  return serialize({ t: 'q', m: name, a: parsed });
}
