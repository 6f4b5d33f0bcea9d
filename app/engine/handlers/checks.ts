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
   * (`checkerFindings`), so no client asks. The check running now is stopped (an older text of this
   * document, or another document: `preempt`); changes that arrive meanwhile are checked once, as one.
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
 * it does not redefine, on the check thread (app/engine/checkThread.ts), one document at a time; the
 * newest request, for any document, goes first.
 */
export function checksFeature(ctx: EngineContext): ChecksFeature {
  const { docs, workspaceMacros } = ctx;
  const thread = new CheckThread();
  // Checkers made for the old macros are of no use after a reload.
  workspaceMacros.onReload(() => thread.clear());

  /** Documents whose newest text is not checked yet, in the order they were asked for: the last one is checked first. */
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

  /**
   * `docId` needs checking: the check running now stops at its next fragment, whichever document it is
   * for. One of an older text of the same document is of no use; one of another document (a 2 MB line
   * opened before, checked for minutes) must not hold this one's findings back: the document just
   * opened, switched to or typed in is the one on screen. The stopped document goes back in the queue
   * after this one (what its check had read stays in its checker's caches) and finishes when nothing
   * newer is due.
   */
  function preempt(docId: string): void {
    if (running && (running.docId !== docId || docs.find(docId)?.version !== running.version)) thread.cancel();
  }

  let scheduled = false;
  /** Starts the check of the next due document, if none runs. */
  function next(): void {
    scheduled = false;
    if (running) return;
    for (const id of due) if (!docs.has(id)) due.delete(id);
    const docId = [...due].at(-1);
    if (docId === undefined) return;
    due.delete(docId);
    // `find`, not `get`: this runs in the async context of whichever client's call scheduled it, and
    // `get` makes the calling client a holder of the document, so a page that had only edited its own
    // document became a holder of another page's, whose recovery copy was then never offered after that
    // page was gone (recovery-holders.test, once the newest request went first).
    const session = docs.find(docId)!;
    const version = session.version;
    // The slow symbolic simplifier stays off so typing never waits for it. The document's own
    // definitions win over macros.tex, as in the preview and the report.
    const macros = workspaceMacros.current ? baseMacrosFor(session.doc.text, workspaceMacros.current) : undefined;
    running = { docId, version };
    thread.run(docId, macros ? macrosKey(macros) : '', macros, fromProofDocument(session.doc)).then(
      (outcome) => {
        running = null;
        // A newer text came meanwhile (it stopped this check or came too late to): that one is due.
        if ('annotations' in outcome && docs.find(docId)?.version === version) {
          const now = { version, annotations: outcome.annotations };
          push(docId, now);
          settle(docId, now);
        } else if (docs.has(docId) && !due.has(docId)) {
          // Stopped for another document: it comes after everything asked for meanwhile.
          const rest = [...due];
          due.clear();
          for (const id of [docId, ...rest]) due.add(id);
        }
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
      preempt(docId);
      due.delete(docId);
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
            preempt(docId);
            due.delete(docId);
            due.add(docId);
            next();
          }
        });
      },
    },
  };
}
