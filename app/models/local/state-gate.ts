// node-llama-cpp runs batch decodes and sequence state save/load as separate native jobs on the libuv
// thread pool, and only save/load take its "context" lock: a state load can run while another
// sequence's batch is being decoded in the same llama.cpp context, which is not thread-safe. This
// gate lets any number of evaluations run together (shared) but gives save/load the context alone
// (exclusive). Waiting exclusive holders go first, so a stream of evaluations cannot starve them.
type Waiter = { exclusive: boolean; grant: () => void };

export class StateGate {
  private sharedHolders = 0;
  private exclusiveHeld = false;
  private readonly queue: Waiter[] = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await fn();
    } finally {
      this.sharedHolders--;
      this.drain();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.exclusiveHeld = false;
      this.drain();
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    return new Promise((grant) => {
      this.queue.push({ exclusive, grant });
      this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length > 0 && !this.exclusiveHeld) {
      const head = this.queue[0];
      if (head.exclusive) {
        if (this.sharedHolders > 0) return;
        this.queue.shift();
        this.exclusiveHeld = true;
        head.grant();
        return;
      }
      this.queue.shift();
      this.sharedHolders++;
      head.grant();
    }
  }
}
