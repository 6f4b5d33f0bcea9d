// Connects the UI to the engine through the shared contract. In serve mode (and in tests) the channel
// is a WebSocket at /rpc on the page's own origin; in the desktop app the preload posts a MessagePort
// (a fresh one after every engine restart); an embedder may also set `window.proofwrightChannel`.
// Reconnects after the engine goes away.
import { desktop } from './desktop';
import {
  createEngineClient, type ClientHandlers, type EngineApi, type EngineClient, type MessageChannelLike,
} from '../../app/common/contract';

export type ConnectionState = 'connecting' | 'ready' | 'lost';

export interface EngineConnection {
  /** The current client; replaced after a reconnect. */
  readonly engine: EngineApi | null;
  readonly state: ConnectionState;
  close(): void;
}

declare global {
  interface Window {
    /** Set by the Electron preload: a string channel to the engine. */
    proofwrightChannel?: MessageChannelLike;
  }
}

function messagePortChannel(port: MessagePort): MessageChannelLike {
  const listeners = new Map<(d: string) => void, (e: MessageEvent) => void>();
  port.start();
  return {
    post: (data) => port.postMessage(data),
    on: (fn) => {
      const l = (e: MessageEvent) => fn(typeof e.data === 'string' ? e.data : String(e.data));
      listeners.set(fn, l);
      port.addEventListener('message', l);
    },
    off: (fn) => {
      const l = listeners.get(fn);
      if (l) port.removeEventListener('message', l);
    },
  };
}

function webSocketChannel(ws: WebSocket): MessageChannelLike {
  const listeners = new Map<(d: string) => void, (e: MessageEvent) => void>();
  return {
    post: (data) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(data);
    },
    on: (fn) => {
      const l = (e: MessageEvent) => fn(typeof e.data === 'string' ? e.data : String(e.data));
      listeners.set(fn, l);
      ws.addEventListener('message', l);
    },
    off: (fn) => {
      const l = listeners.get(fn);
      if (l) ws.removeEventListener('message', l);
    },
  };
}

export function rpcUrl(location: { protocol: string; host: string; pathname: string }): string {
  const base = location.pathname.replace(/[^/]*$/, '');
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${base}rpc`;
}

/**
 * Opens the connection and keeps it open: `onState` hears every change, `onReady` runs after each
 * (re)connect with the fresh API (to re-open documents, check recoveries).
 */
export function connectEngine(options: {
  handlers: Partial<ClientHandlers>;
  onState: (state: ConnectionState, engine: EngineApi | null) => void;
  onReady: (engine: EngineApi) => void;
}): EngineConnection {
  let client: EngineClient | null = null;
  let state: ConnectionState = 'connecting';
  let closed = false;
  let retryDelay = 250;

  const set = (next: ConnectionState) => {
    state = next;
    options.onState(next, next === 'ready' ? client?.engine ?? null : null);
  };

  const bridge = desktop();
  if (window.proofwrightChannel) {
    client = createEngineClient(window.proofwrightChannel, options.handlers);
    set('ready');
    options.onReady(client.engine);
  } else if (bridge) {
    // Each port the preload posts replaces the previous connection (the engine restarted).
    window.addEventListener('message', (event: MessageEvent) => {
      if (event.origin !== window.location.origin || (event.data as { type?: string } | null)?.type !== 'proofwright:engine-port') return;
      const port = event.ports[0];
      if (!port || closed) return;
      client?.close('the engine was restarted');
      client = createEngineClient(messagePortChannel(port), options.handlers);
      set('ready');
      options.onReady(client.engine);
    });
    bridge.requestEnginePort();
  } else {
    const open = () => {
      if (closed) return;
      const ws = new WebSocket(rpcUrl(window.location));
      ws.addEventListener('open', () => {
        retryDelay = 250;
        client = createEngineClient(webSocketChannel(ws), options.handlers, {
          onProtocolError: (e) => console.warn('engine protocol error:', e.message),
        });
        set('ready');
        options.onReady(client.engine);
      });
      ws.addEventListener('close', () => {
        client?.close('the engine connection was lost');
        client = null;
        if (closed) return;
        set(state === 'ready' ? 'lost' : state === 'lost' ? 'lost' : 'connecting');
        setTimeout(open, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 3000);
      });
    };
    open();
  }

  return {
    get engine() {
      return client?.engine ?? null;
    },
    get state() {
      return state;
    },
    close() {
      closed = true;
      client?.close();
    },
  };
}
