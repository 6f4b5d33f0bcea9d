// The checker's memo tables (parses, simplifier answers, statements and facts per fragment) are
// module-level and outlive one check: the editor re-checks the whole document on every keystroke and
// only the edited fragment is new. They used to be cleared whole at 20,000 entries, so a document with
// more distinct formulas than that cleared them mid-check on every run and never got a hit (the
// scaling bench's ×4.6–6.7 step from 5,000 to 10,000 paragraphs). A plain LRU has the same cliff for
// this access pattern (the same long sequence every run evicts each entry just before it is needed).
//
// RunCache is an LRU that never evicts an entry used during the current check run: it grows to hold
// one run's entries (bounded by the document size limit, MAX_DOCUMENT_CHARS) and shrinks back to its
// limit as later runs insert, dropping what they no longer use first.

let currentRun = 0;
let runOpen = false;

/**
 * Runs `fn` as one check run: entries used inside it are not evicted until it returns. Outside a run
 * (a lone parseSide from elsewhere) the caches are plain LRUs of their limit.
 */
export function inCheckRun<T>(fn: () => T): T {
  if (runOpen) return fn(); // nested (a check inside a check): the outer run already protects
  currentRun++;
  runOpen = true;
  try {
    return fn();
  } finally {
    runOpen = false;
  }
}

/** A Map-based LRU keyed by string; see the file comment for the eviction rule. */
export class RunCache<V> {
  // Map iteration order is insertion order: a hit is re-inserted, so the first entry is the least
  // recently used one.
  private readonly entries = new Map<string, { value: V; run: number }>();

  /** `limit`: entries kept across runs (more are held while one run needs them). */
  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    entry.run = currentRun;
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, run: currentRun });
    // Evict least recently used entries over the limit, but stop at one the current run has used:
    // everything after it in the order was used more recently, so by this run too.
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.limit || (runOpen && entry.run === currentRun)) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
