import { describe, expect, it, vi } from 'vitest';
import {
  RpcError,
  createChannelPair,
  createEngineClient,
  encodeClientEvent,
  engineMethods,
  serveEngine,
  validateCall,
  type EngineHandlers,
  type MessageChannelLike,
} from './contract';

const emptyDoc = { format: 'markdown' as const, text: '', body: { start: 0, end: 0 }, steps: [] };

function connect(handlers: Partial<EngineHandlers>) {
  const [a, b] = createChannelPair();
  const events = vi.fn();
  const engineSide = serveEngine(b, handlers);
  const client = createEngineClient(a, { loopEvent: events, engineStatus: events });
  return { client, engineSide, events };
}

describe('validateCall', () => {
  it('rejects unknown methods, including prototype names', () => {
    expect(() => validateCall(engineMethods, 'constructor', [])).toThrow(/unknown method/);
    expect(() => validateCall(engineMethods, '__proto__', [])).toThrow(/unknown method/);
  });

  it('names the offending field in the message', () => {
    try {
      validateCall(engineMethods, 'editDocument', [{ docId: 'd1', edits: [{ start: 5, end: 2, text: 'x' }] }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).code).toBe('invalid-request');
      expect((error as Error).message).toContain('args[0].edits[0]');
    }
  });

  it('rejects extra keys in requests', () => {
    expect(() => validateCall(engineMethods, 'openDocument', [{ path: 'a.md', evil: 1 }])).toThrow(/invalid arguments/);
  });
});

describe('RPC over a channel', () => {
  it('round-trips a call and validates the result', async () => {
    const { client } = connect({
      engineInfo: () => ({ contractVersion: 1, pid: 42, startedAt: 1, workspaceName: 'ws', generation: 0 }),
    });
    await expect(client.engine.engineInfo()).resolves.toMatchObject({ pid: 42, workspaceName: 'ws' });
  });

  it('rejects an invalid payload at the engine before the handler runs', async () => {
    const openDocument = vi.fn();
    const [a, b] = createChannelPair();
    serveEngine(b, { openDocument });
    // A hostile or buggy client that bypasses the typed client and posts raw birpc messages.
    const replies: string[] = [];
    a.on((d) => replies.push(d));
    a.post(JSON.stringify({ t: 'q', i: 'x1', m: 'openDocument', a: [{ path: 42 }] }));
    await vi.waitFor(() => expect(replies).toHaveLength(1));
    const reply = JSON.parse(replies[0]);
    expect(reply.e.code).toBe('invalid-request');
    expect(reply.e.message).toMatch(/openDocument.*args\[0\]\.path/);
    expect(openDocument).not.toHaveBeenCalled();
  });

  it('refuses methods outside the contract', async () => {
    const [a, b] = createChannelPair();
    serveEngine(b, {});
    const replies: string[] = [];
    a.on((d) => replies.push(d));
    a.post(JSON.stringify({ t: 'q', i: 'x2', m: 'toString', a: [] }));
    await vi.waitFor(() => expect(replies).toHaveLength(1));
    expect(JSON.parse(replies[0]).e.code).toBe('unknown-method');
  });

  it('rejects an invalid result from the engine on the client side', async () => {
    const { client } = connect({
      // @ts-expect-error deliberately wrong result shape
      engineInfo: () => ({ pid: 'not a number' }),
    });
    await expect(client.engine.engineInfo()).rejects.toMatchObject({ code: 'invalid-response' });
  });

  it('carries handler errors as RpcError with message and code', async () => {
    const { client } = connect({
      getDocument: () => {
        throw new RpcError('no document d9', 'not-found');
      },
    });
    await expect(client.engine.getDocument({ docId: 'd9' })).rejects.toMatchObject({ name: 'RpcError', code: 'not-found', message: 'no document d9' });
  });

  it('validates outbound arguments on the client too', async () => {
    const getDocument = vi.fn();
    const { client } = connect({ getDocument });
    // @ts-expect-error wrong argument type on purpose
    await expect(client.engine.getDocument({ docId: 7 })).rejects.toMatchObject({ code: 'invalid-request' });
    expect(getDocument).not.toHaveBeenCalled();
  });

  it('delivers engine events to the client, validated', async () => {
    const { engineSide, events } = connect({});
    await engineSide.client.loopEvent({ type: 'plan-changed', runId: 'r1', plannedCalls: 3 });
    await vi.waitFor(() => expect(events).toHaveBeenCalledWith({ type: 'plan-changed', runId: 'r1', plannedCalls: 3 }));
  });

  it('drops an invalid event at the client and reports it', async () => {
    const [a, b] = createChannelPair();
    const loopEvent = vi.fn();
    const onProtocolError = vi.fn();
    createEngineClient(a, { loopEvent }, { onProtocolError });
    b.post(JSON.stringify({ t: 'q', m: 'loopEvent', a: [{ type: 'run-started', runId: 5 }] }));
    await vi.waitFor(() => expect(onProtocolError).toHaveBeenCalled());
    expect(loopEvent).not.toHaveBeenCalled();
  });

  it('encodes relayed events in the same wire format', async () => {
    const [a, b] = createChannelPair();
    const engineStatus = vi.fn();
    createEngineClient(a, { engineStatus });
    b.post(encodeClientEvent('engineStatus', { state: 'ready', at: 1, generation: 2 }));
    await vi.waitFor(() => expect(engineStatus).toHaveBeenCalledWith({ state: 'ready', at: 1, generation: 2 }));
    expect(() => encodeClientEvent('engineStatus', { state: 'bogus' } as never)).toThrow(RpcError);
  });

  it('rejects pending calls when the client is closed', async () => {
    const never: MessageChannelLike = { post: () => {}, on: () => {} };
    const client = createEngineClient(never);
    const pending = client.engine.getDocument({ docId: 'd1' });
    client.close('engine stopped');
    await expect(pending).rejects.toThrow(/engine stopped/);
  });

  it('accepts a full document snapshot', async () => {
    const { client } = connect({
      getDocument: ({ docId }) => ({
        docId, path: 'a.md', name: 'a.md', format: 'markdown', text: '', problem: '', doc: emptyDoc, annotations: [], dirty: false, version: 0,
      }),
    });
    await expect(client.engine.getDocument({ docId: 'd1' })).resolves.toMatchObject({ docId: 'd1', path: 'a.md' });
  });
});
