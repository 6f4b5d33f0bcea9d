// The loop's view of the shared FIFO limiter (app/common/limiter): a function that queues a task.
import { ConcurrencyLimiter } from '../common/limiter';

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(concurrency: number): Limiter {
  const limiter = new ConcurrencyLimiter(concurrency);
  return (task) => limiter.run(task);
}
