// The local backend's child process policy, one copy for both out-of-process runtimes (llama-server,
// server-backend.ts; proofwright-runtime, runtime-backend.ts).
import { BackendError } from '../backend';

/** What the keeper needs of a child process. */
export interface KeptChild {
  readonly alive: boolean;
  stop(): Promise<void>;
}

/**
 * Keeps one child runtime process for a backend: started on first use, started again on the next call
 * after it dies (a crash mid-call fails that call only), and a failed START is final: a model that
 * could not load will not load on the next call either, so later calls get the same
 * BackendError('model-load') at once instead of a reload each. `adopt` runs once per fresh child
 * (wire its exit to the calls in flight). After `dispose`, `ensure` throws BackendError('internal').
 */
export class ChildKeeper<P extends KeptChild> {
  /** The child last started, alive or not. */
  current: P | undefined;
  private starting: Promise<P> | undefined;
  private startFailure: BackendError | undefined;
  private disposed = false;

  constructor(
    private readonly start: () => Promise<P>,
    private readonly adopt: (child: P) => void,
  ) {}

  /** Takes a child the caller started itself (the backend's first, whose start decides whether the model loads). */
  keep(child: P): void {
    this.current = child;
    this.adopt(child);
  }

  /** The running child, starting it if needed; rejects with the start's BackendError. */
  async ensure(): Promise<P> {
    if (this.disposed) throw new BackendError('local backend is disposed', 'internal');
    if (this.current?.alive) return this.current;
    if (this.startFailure) throw this.startFailure;
    this.starting ??= this.start().then(
      (child) => {
        this.starting = undefined;
        if (this.disposed) {
          void child.stop();
          throw new BackendError('local backend is disposed', 'internal');
        }
        this.keep(child);
        return child;
      },
      (error: unknown) => {
        this.starting = undefined;
        this.startFailure = error instanceof BackendError ? error : new BackendError(String(error), 'model-load');
        throw this.startFailure;
      },
    );
    return this.starting;
  }

  /** Stops the child (after a start in progress settles); `ensure` refuses from now on. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.starting?.catch(() => undefined);
    await this.current?.stop();
  }
}
