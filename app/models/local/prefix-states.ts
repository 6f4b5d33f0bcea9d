// Shared-prefix reuse. node-llama-cpp has no API to copy KV cells between sequences, but a sequence's
// state can be saved to a file and loaded into another sequence. When m calls share a prompt (same
// sharedPrefixKey), the first evaluates it and saves its state; the others load that state instead of
// evaluating the prompt again.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Token } from 'node-llama-cpp';

export interface PrefixState {
  readonly tokens: readonly Token[];
  readonly file: string;
  /** Resolves true once the file holds the state of exactly `tokens`, false if the leader failed. */
  readonly ready: Promise<boolean>;
}

interface Entry extends PrefixState {
  settle(ok: boolean): void;
  users: number;
  evicted: boolean;
}

export function sameTokens(a: readonly Token[], b: readonly Token[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class PrefixStates {
  private readonly entries = new Map<string, Entry>();
  private counter = 0;

  /**
   * `maxEntries` bounds disk use: each file holds the prompt's KV cache (36 MB for 1,500 tokens of
   * the 43M bench model, GBs for a 7B model and a long proof). A state is only needed while the m
   * calls that share it start: later calls with the key find the prompt still in their sequence.
   */
  constructor(private readonly dir: string, private readonly maxEntries = 2) {}

  /**
   * The state for `key`, or a new one the caller must fill (leader = true) and then `settle`.
   * A key whose stored prompt differs from `tokens` is treated as a different prompt (replaced).
   */
  claim(key: string, tokens: readonly Token[]): { state: PrefixState; leader: boolean; settle: (ok: boolean) => void; release: () => void } {
    const existing = this.entries.get(key);
    if (existing && sameTokens(existing.tokens, tokens)) {
      existing.users++;
      return { state: existing, leader: false, settle: () => {}, release: () => this.release(existing) };
    }
    if (existing) this.evict(key, existing);
    let settle!: (ok: boolean) => void;
    const ready = new Promise<boolean>((resolve) => (settle = resolve));
    const entry: Entry = {
      tokens: [...tokens],
      file: join(this.dir, `prefix-${++this.counter}.state`),
      ready,
      settle: (ok) => {
        settle(ok);
        // A failed leader leaves no state: the next caller with this key tries again.
        if (!ok && this.entries.get(key) === entry) this.evict(key, entry);
      },
      users: 1,
      evicted: false,
    };
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Entry];
      this.evict(oldestKey, oldest);
    }
    return { state: entry, leader: true, settle: entry.settle, release: () => this.release(entry) };
  }

  private evict(key: string, entry: Entry): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
    entry.evicted = true;
    if (entry.users === 0) void rm(entry.file, { force: true });
  }

  private release(entry: Entry): void {
    entry.users--;
    if (entry.evicted && entry.users === 0) void rm(entry.file, { force: true });
  }

  get size(): number {
    return this.entries.size;
  }
}
