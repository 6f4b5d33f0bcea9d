import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createEngineClient, serveEngine } from '../contract';
import { channelFromNodePort, channelFromPort, channelFromProcess } from './channels';

describe('channel adapters', () => {
  it('carries engine calls over a Node-style port (MessagePortMain) and ignores non-string messages', async () => {
    // Two emitters wired like an entangled port pair: what one posts, the other emits.
    const a = new EventEmitter();
    const b = new EventEmitter();
    const portA = { postMessage: (data: unknown) => queueMicrotask(() => b.emit('message', { data })), on: a.on.bind(a), off: a.off.bind(a) };
    const portB = { postMessage: (data: unknown) => queueMicrotask(() => a.emit('message', { data })), on: b.on.bind(b), off: b.off.bind(b) };
    serveEngine(channelFromNodePort(portB), { getSettings: () => { throw new Error('no settings here'); }, backendStatus: () => ({ state: 'none', spec: null, kind: null, model: null }) });
    const client = createEngineClient(channelFromNodePort(portA));
    b.emit('message', { data: { not: 'a string' } });
    await expect(client.engine.backendStatus()).resolves.toMatchObject({ state: 'none' });
    await expect(client.engine.getSettings()).rejects.toThrow('no settings here');
  });

  it('carries engine calls over child-process IPC strings, and over a DOM-style port', async () => {
    // Each side's `send` is the other's `deliver` (what the host's process.on('message') routing does).
    const engineSide = channelFromProcess((data) => queueMicrotask(() => clientSide.deliver(data)));
    const clientSide = channelFromProcess((data) => queueMicrotask(() => engineSide.deliver(data)));
    serveEngine(engineSide, { backendStatus: () => ({ state: 'ready', spec: 'scripted:x', kind: 'scripted', model: 'x' }) });
    await expect(createEngineClient(clientSide).engine.backendStatus()).resolves.toMatchObject({ state: 'ready', model: 'x' });

    const { port1, port2 } = new MessageChannel();
    serveEngine(channelFromPort(port2), { backendStatus: () => ({ state: 'loading', spec: null, kind: null, model: null }) });
    const client = createEngineClient(channelFromPort(port1));
    await expect(client.engine.backendStatus()).resolves.toMatchObject({ state: 'loading' });
    port1.close();
  });
});
