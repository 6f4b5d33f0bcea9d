// The engine's event sender when several clients are attached (the host: Electron windows, the
// serve-mode relay): every event goes to each of them, a `documentChanged` only to the pages it is for.
import type { ClientEventSender } from '../common/contract';

/**
 * One event sender that fans out to every connected client. A client attached with its caller name
 * (an Electron window) gets a `documentChanged` only when it is one of the pages the change is for;
 * one attached without (the serve-mode relay) gets them all and routes them itself (supervisor.ts).
 */
export class Broadcast implements ClientEventSender {
  readonly clients = new Map<ClientEventSender, string | null>();
  private all<K extends Exclude<keyof ClientEventSender, 'documentChanged' | 'documentSaved' | 'documentOnDisk'>>(name: K, args: Parameters<ClientEventSender[K]>): Promise<unknown> {
    return Promise.allSettled([...this.clients.keys()].map((c) => (c[name] as (...a: Parameters<ClientEventSender[K]>) => Promise<void>)(...args)));
  }
  async loopEvent(...args: Parameters<ClientEventSender['loopEvent']>) {
    await this.all('loopEvent', args);
  }
  async pullProgress(...args: Parameters<ClientEventSender['pullProgress']>) {
    await this.all('pullProgress', args);
  }
  async engineStatus(...args: Parameters<ClientEventSender['engineStatus']>) {
    await this.all('engineStatus', args);
  }
  async backendChanged(...args: Parameters<ClientEventSender['backendChanged']>) {
    await this.all('backendChanged', args);
  }
  async checkerFindings(...args: Parameters<ClientEventSender['checkerFindings']>) {
    await this.all('checkerFindings', args);
  }
  async documentChanged(...args: Parameters<ClientEventSender['documentChanged']>) {
    await Promise.allSettled(this.targets(args[0].to).map((c) => c.documentChanged(...args)));
  }
  async documentSaved(...args: Parameters<ClientEventSender['documentSaved']>) {
    await Promise.allSettled(this.targets(args[0].to).map((c) => c.documentSaved(...args)));
  }
  async documentOnDisk(...args: Parameters<ClientEventSender['documentOnDisk']>) {
    await Promise.allSettled(this.targets(args[0].to).map((c) => c.documentOnDisk(...args)));
  }
  /** The clients a notification for the pages `to` goes to (all of them without `to`). */
  private targets(to: readonly string[] | undefined): ClientEventSender[] {
    return [...this.clients].filter(([, caller]) => caller === null || !to || to.includes(caller)).map(([c]) => c);
  }
}
