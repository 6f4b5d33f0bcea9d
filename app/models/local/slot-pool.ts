// A fixed set of slots (context sequences) handed out first come, first served. Holding a slot is
// the lock on that sequence's state: only its holder evaluates, saves or loads it.
export class SlotPool<T> {
  private readonly free: T[];
  private readonly waiters: { resolve: (slot: T) => void; reject: (error: unknown) => void; signal?: AbortSignal; onAbort?: () => void }[] = [];
  private closed = false;

  constructor(slots: T[]) {
    this.free = [...slots];
  }

  get available(): number {
    return this.free.length;
  }

  acquire(signal?: AbortSignal): Promise<T> {
    if (this.closed) return Promise.reject(new Error('slot pool is closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const slot = this.free.shift();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise<T>((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  release(slot: T): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(slot);
    } else {
      this.free.push(slot);
    }
  }

  /** Rejects everyone still waiting; later acquires fail. */
  close(error: unknown): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.reject(error);
    }
  }
}

/**
 * A count of interchangeable slots taken several at a time (one request with n = k completions takes
 * k), granted first come, first served: a request that needs more than are free waits, and so do the
 * ones behind it, so a large request is never passed over for ever.
 */
export class SlotBudget {
  private readonly waiters: { count: number; grant: () => void }[] = [];

  constructor(private free: number) {}

  /** Resolves once `count` slots are taken for the caller; rejects with the signal's reason if it aborts first. */
  acquire(count: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.waiters.length === 0 && count <= this.free) {
      this.free -= count;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(signal.reason);
        // The next in line may fit now that this one no longer blocks it.
        this.grant();
      };
      const waiter = {
        count,
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Gives back `count` slots taken by acquire. */
  release(count: number): void {
    this.free += count;
    this.grant();
  }

  private grant(): void {
    while (this.waiters.length > 0 && this.waiters[0].count <= this.free) {
      const waiter = this.waiters.shift()!;
      this.free -= waiter.count;
      waiter.grant();
    }
  }
}
