// The engine host: runs the engine service in its own process and speaks the RPC contract.
//   - Node (serve mode, tests): started by child_process.fork; RPC messages are strings on the IPC
//     channel, control messages ({ type: … } objects) share it. The supervisor multiplexes clients.
//   - Electron: started by utilityProcess.fork; main sends { type: 'connect' } with a MessagePort per
//     renderer, and the renderer talks to the engine directly over that port.
// Configuration comes from the environment (set by the supervisor / Electron main):
//   PROOFWRIGHT_WORKSPACE, PROOFWRIGHT_USER_DATA, PROOFWRIGHT_BACKEND, PROOFWRIGHT_GENERATION,
//   PROOFWRIGHT_AUTOLOAD_BACKEND ('0' after a crash), PROOFWRIGHT_RESOURCES.
import { channelFromNodePort, channelFromProcess, serveEngine, type MessageChannelLike } from '../common/contract';
import { createEngineService, type EngineService } from './service';
import { asCaller, channelAsCaller, serveCallerOf } from './callers';
import { Broadcast } from './broadcast';

import { HostControlSchema, parseHostMessage, type HostControl, type HostNotice } from './host-protocol';

export type { HostControl, HostNotice } from './host-protocol';

interface PortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  off?(event: 'message', listener: (e: { data: unknown }) => void): void;
  removeListener?(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(data: unknown): void;
  start(): void;
}
interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): void;
  postMessage(data: unknown): void;
}

export async function startHost(): Promise<void> {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  const notify = (notice: HostNotice) => (parentPort ? parentPort.postMessage(notice) : process.send?.(notice));
  const workspace = process.env.PROOFWRIGHT_WORKSPACE;
  if (!workspace) {
    notify({ type: 'fatal', message: 'PROOFWRIGHT_WORKSPACE is not set' });
    process.exit(2);
  }
  // Listen at once and hold what arrives until the service is up: the parent may post (a port, a
  // call after a restart) while settings load or the model loads, and an unheard message is lost.
  type Inbound = { kind: 'rpc'; data: string } | { kind: 'control'; message: HostControl; ports: PortLike[] };
  const early: Inbound[] = [];
  let deliver: ((m: Inbound) => void) | null = null;
  const receive = (m: Inbound) => (deliver ? deliver(m) : early.push(m));
  const control = (message: unknown, ports: PortLike[]) => {
    const parsed = parseHostMessage(HostControlSchema, message, (reason) => console.error(`[engine] ${reason}`));
    if (parsed) receive({ kind: 'control', message: parsed, ports });
  };
  if (parentPort) {
    parentPort.on('message', (e) => control(e.data, e.ports ?? []));
  } else {
    // Node IPC: strings are RPC, anything else is a control message (parsed).
    process.on('message', (message: unknown) => {
      if (typeof message === 'string') receive({ kind: 'rpc', data: message });
      else control(message, []);
    });
  }

  let service: EngineService;
  try {
    service = await createEngineService({
      workspace,
      userData: process.env.PROOFWRIGHT_USER_DATA || undefined,
      resourcesDir: process.env.PROOFWRIGHT_RESOURCES || undefined,
      backend: process.env.PROOFWRIGHT_BACKEND || undefined,
      generation: Number(process.env.PROOFWRIGHT_GENERATION ?? 0) || 0,
      autoloadBackend: process.env.PROOFWRIGHT_AUTOLOAD_BACKEND !== '0',
    });
  } catch (error) {
    notify({ type: 'fatal', message: `engine failed to start: ${(error as Error).message}` });
    process.exit(3);
  }
  const broadcast = new Broadcast();
  service.setClient(broadcast);
  const onProtocolError = (error: Error) => console.error(`[engine] ${error.message}`);

  const attach = (channel: MessageChannelLike, caller: string | null = null) => {
    const endpoint = serveEngine(channel, service.handlers, { onProtocolError });
    broadcast.clients.set(endpoint.client, caller);
    return () => {
      broadcast.clients.delete(endpoint.client);
      endpoint.close();
    };
  };

  let portCount = 0;
  let shuttingDown = false;
  const shutdown = async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    await service.shutdown().catch((error: Error) => console.error(`[engine] shutdown: ${error.message}`));
    notify({ type: 'shutdown-complete' });
    process.exit(0);
  };

  const handleControl = (message: HostControl, ports: PortLike[] = []) => {
    if (message.type === 'shutdown') void shutdown();
    else if (message.type === 'grant') {
      // Acknowledged, so the shell hands the path to the renderer only once the engine accepts it.
      try {
        service.grantPath(message.path);
        notify({ type: 'granted', id: message.id, ok: true });
      } catch {
        notify({ type: 'granted', id: message.id, ok: false });
      }
    }
    else if (message.type === 'disconnected') void service.clientGone(message.client);
    else if (message.type === 'connect' && ports[0]) {
      const port = ports[0];
      // Each window's calls run as its own caller (callers.ts), so the documents it opens are its own.
      const caller = `port-${++portCount}`;
      const detach = attach(channelAsCaller(channelFromNodePort(port), caller), caller);
      port.on('close', () => {
        // The window closed or reloaded.
        detach();
        void service.clientGone(caller);
      });
      port.start();
    }
  };

  const ipc = channelFromProcess((data) => void process.send?.(data));
  if (!parentPort) {
    attach(ipc);
    // The parent went away (its IPC channel closed): nobody can talk to us any more.
    process.on('disconnect', () => void shutdown());
  }
  // Serve mode: the supervisor relays every client on this one channel; each call runs as its client.
  const deliverRpc = (data: string) => {
    const caller = serveCallerOf(data);
    return caller ? asCaller(caller, () => ipc.deliver(data)) : ipc.deliver(data);
  };
  deliver = (m) => (m.kind === 'rpc' ? deliverRpc(m.data) : handleControl(m.message, m.ports));
  for (const m of early.splice(0)) deliver(m);
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  notify({ type: 'ready', pid: process.pid });
}

void startHost();
