// The channel adapters: every transport the RPC runs over, as a MessageChannelLike that moves
// strings both ways. Structural types only (no DOM, no Node imports), so each environment passes
// its own object: a DOM MessagePort (renderer), Electron's MessagePortMain (engine host), a
// WebSocket (serve mode), child_process IPC (engine host under the serve supervisor).

/** Anything that moves strings both ways: a MessagePort, a WebSocket, child_process IPC. */
export interface MessageChannelLike {
  post(data: string): void;
  /** Register the message listener. */
  on(listener: (data: string) => void): void;
  off?(listener: (data: string) => void): void;
}

/** A connected pair of in-memory channels (tests, and in-process engines). Delivery is async, like a real port. */
export function createChannelPair(): [MessageChannelLike, MessageChannelLike] {
  const listeners: [Set<(d: string) => void>, Set<(d: string) => void>] = [new Set(), new Set()];
  const side = (mine: number): MessageChannelLike => ({
    post: (data) => {
      const target = listeners[1 - mine];
      queueMicrotask(() => target.forEach((fn) => fn(data)));
    },
    on: (fn) => void listeners[mine].add(fn),
    off: (fn) => void listeners[mine].delete(fn),
  });
  return [side(0), side(1)];
}

/** The part of a DOM MessagePort (renderer) the channel needs; structural, so no DOM types here. */
export interface PortLike {
  postMessage(data: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start?(): void;
}

/** Desktop: the MessagePort the preload hands over (engine in a utility process). */
export function channelFromPort(port: PortLike): MessageChannelLike {
  const listeners = new Map<(d: string) => void, (e: { data: unknown }) => void>();
  const channel: MessageChannelLike = {
    post: (data) => port.postMessage(data),
    on: (fn) => {
      const l = (e: { data: unknown }) => {
        if (typeof e.data === 'string') fn(e.data);
      };
      listeners.set(fn, l);
      port.addEventListener('message', l);
    },
    off: (fn) => {
      const l = listeners.get(fn);
      if (l) port.removeEventListener('message', l);
    },
  };
  port.start?.();
  return channel;
}

/** The part of a DOM WebSocket the channel needs. */
export interface SocketLike {
  send(data: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Serve mode: the WebSocket at ws://<host>/rpc (open it first). */
export function channelFromWebSocket(socket: SocketLike): MessageChannelLike {
  return channelFromPort({ postMessage: (d) => socket.send(String(d)), addEventListener: socket.addEventListener.bind(socket), removeEventListener: socket.removeEventListener.bind(socket) });
}

/** The part of a Node-style port the channel needs: Electron's MessagePortMain (`on`, not `addEventListener`). */
export interface NodePortLike {
  postMessage(data: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off?(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  removeListener?(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  start?(): void;
}

/** Engine host (Electron utility process): one MessagePortMain per window. Non-string messages are ignored. */
export function channelFromNodePort(port: NodePortLike): MessageChannelLike {
  const listeners = new Map<(d: string) => void, (e: { data: unknown }) => void>();
  return {
    post: (data) => port.postMessage(data),
    on: (fn) => {
      const l = (e: { data: unknown }) => {
        if (typeof e.data === 'string') fn(e.data);
      };
      listeners.set(fn, l);
      port.on('message', l);
    },
    off: (fn) => {
      const l = listeners.get(fn);
      if (l) (port.off ?? port.removeListener)?.call(port, 'message', l);
    },
  };
}

/**
 * child_process IPC, shared with control messages: `send` posts one string; the caller routes the
 * strings it receives to `deliver` (objects on the same channel are its control messages).
 */
export function channelFromProcess(send: (data: string) => void): MessageChannelLike & { deliver(data: string): void } {
  const listeners = new Set<(d: string) => void>();
  return {
    post: (data) => send(data),
    on: (fn) => void listeners.add(fn),
    off: (fn) => void listeners.delete(fn),
    deliver: (data) => listeners.forEach((fn) => fn(data)),
  };
}
