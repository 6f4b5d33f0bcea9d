// Deterministic checks (KaTeX lint, delimiters, symbolic equality chains); no model involved.
import { baseMacrosFor, macrosKey } from '../../common/tex/macros';
import type { Annotation } from '../../common/annotations';
import { checkerDelta } from '../../common/checkerDelta';
import { fromProofDocument } from '../../check';
import { CheckThread, CheckThreadClosed } from '../checkThread';
import type { EngineFeature } from '../container';
import type { EngineContext } from './context';

export interface ChecksFeature extends EngineFeature<'check'> {
  /** Drop the checker of a closed document. */
  forget(docId: string): void;
  /**
   * The document's text is new: check it once the current call has answered and push the findings
   * (`checkerFindings`), so no client asks. A check of an older text still running is stopped; changes
   * that arrive meanwhile are checked once, as one.
   */
  changed(docId: string): void;
}

/** Findings of one version of a document's text (a type, not an interface: the contract's result type reads it as a record). */
type Checked = {
  version: number;
  annotations: Annotation[];
};

/**
 * `check` and the pushed findings: one incremental checker per document, made for the workspace macros
 * it does not redefine, on the check thread (app/engine/checkThread.ts), one document at a time.
 */
export function checksFeature(ctx: EngineContext): ChecksFeature {
  const { docs, workspaceMacros } = ctx;
  const thread = new CheckThread();
  // Checkers made for the old macros are of no use after a reload.
  workspaceMacros.onReload(() => thread.clear());

  /** Documents whose newest text is not checked yet, in the order they changed. */
  const due = new Set<string>();
  /** The document and version being checked. */
  let running: { docId: string; version: number } | null = null;
  // The findings of each document's last push: the next push is sent as a change from them.
  const pushed = new Map<string, Checked>();
  /** `check` calls waiting for the findings of their document's current text. */
  const waiting = new Map<string, { resolve: (c: Checked) => void; reject: (e: Error) => void }[]>();

  function settle(docId: string, outcome: Checked | Error): void {
    const callers = waiting.get(docId);
    waiting.delete(docId);
    for (const caller of callers ?? []) {
      if (outcome instanceof Error) caller.reject(outcome);
      else caller.resolve(outcome);
    }
  }

  function push(docId: string, now: Checked): void {
    const last = pushed.get(docId);
    const entries = last && last.version !== now.version ? checkerDelta(last.annotations, now.annotations) : null;
    pushed.set(docId, now);
    const message = last && entries ? { docId, version: now.version, base: last.version, entries } : { docId, ...now };
    void ctx.client()?.checkerFindings(message).catch(() => undefined);
  }

  let scheduled = false;
  /** Starts the check of the next due document, if none runs. */
  function next(): void {
    scheduled = false;
    if (running) return;
    for (const id of due) if (!docs.has(id)) due.delete(id);
    const docId = due.values().next().value;
    if (docId === undefined) return;
    due.delete(docId);
    const session = docs.get(docId);
    const version = session.version;
    // The slow symbolic simplifier stays off so typing never waits for it. The document's own
    // definitions win over macros.tex, as in the preview and the report.
    const macros = workspaceMacros.current ? baseMacrosFor(session.doc.text, workspaceMacros.current) : undefined;
    running = { docId, version };
    thread.run(docId, macros ? macrosKey(macros) : '', macros, fromProofDocument(session.doc)).then(
      (outcome) => {
        running = null;
        // A newer text came meanwhile (it stopped this check or came too late to): that one is due.
        if ('annotations' in outcome && docs.has(docId) && docs.get(docId).version === version) {
          const now = { version, annotations: outcome.annotations };
          push(docId, now);
          settle(docId, now);
        } else if (docs.has(docId)) due.add(docId);
        next();
      },
      (error: Error) => {
        running = null;
        if (!(error instanceof CheckThreadClosed)) console.error(`[engine] check of ${docId} failed: ${error.message}`);
        settle(docId, error);
        next();
      },
    );
  }

  return {
    name: 'checks',
    start: async () => thread.warm(),
    shutdown: () => thread.close(),
    forget: (docId) => {
      thread.forget(docId);
      pushed.delete(docId);
      due.delete(docId);
      if (running?.docId === docId) thread.cancel();
      settle(docId, new Error(`document ${docId} was closed`));
    },
    changed: (docId) => {
      if (running?.docId === docId) thread.cancel();
      due.add(docId);
      // After the reply to the call that changed it: the client then knows the version first.
      if (!scheduled) {
        scheduled = true;
        setImmediate(next);
      }
    },
    handlers: {
      check: ({ docId }) => {
        const { version } = docs.get(docId); // an unknown document fails here, as it always did
        const last = pushed.get(docId);
        if (last && last.version === version) return last;
        return new Promise<Checked>((resolve, reject) => {
          waiting.set(docId, [...(waiting.get(docId) ?? []), { resolve, reject }]);
          if (running?.docId !== docId || running.version !== version) {
            due.add(docId);
            next();
          }
        });
      },
    },
  };
}
