// One incremental Checker per open document, kept between checks: what the check thread's worker holds
// (app/engine/checkWorker.ts), and what the engine holds itself when that worker cannot start
// (app/engine/checkThread.ts falls back to checking on its own loop, as before the thread existed).
import { CheckCancelled, Checker, type DocumentInput } from '../check';
import type { Annotation } from '../common/annotations';

/** The outcome of one check: findings, or `cancelled` when its `cancelled` callback said yes part-way. */
export type CheckOutcome = { annotations: Annotation[] } | { cancelled: true };

/** Per-document checkers, each made for the macros whose key it was made with. */
export class DocumentCheckers {
  private readonly checkers = new Map<string, { checker: Checker; key: string }>();

  /**
   * Checks `input` as document `docId` with its kept checker (a new one when `key`, the macros' key, changed:
   * macros.tex reloaded, or the document's own definitions changed). `cancelled` is asked between fragments.
   * Errors other than a cancellation are thrown.
   */
  check(docId: string, key: string, macros: Record<string, string> | undefined, input: DocumentInput, cancelled: () => boolean = () => false): CheckOutcome {
    let entry = this.checkers.get(docId);
    if (!entry || entry.key !== key) this.checkers.set(docId, (entry = { checker: new Checker({ macros }), key }));
    try {
      return { annotations: entry.checker.check(input, { cancelled }).annotations };
    } catch (error) {
      if (error instanceof CheckCancelled) return { cancelled: true };
      throw error;
    }
  }

  /** Drops the checker of a closed document. */
  forget(docId: string): void {
    this.checkers.delete(docId);
  }

  /** Drops every checker (the workspace's macros changed). */
  clear(): void {
    this.checkers.clear();
  }
}
