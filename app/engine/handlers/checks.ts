// Deterministic checks (KaTeX lint, delimiters, symbolic equality chains); no model involved.
import { baseMacrosFor, macrosKey } from '../../common/tex/macros';
import type { Annotation } from '../../common/annotations';
import { checkerDelta } from '../../common/checkerDelta';
import type { EngineFeature } from '../container';
import { Checker } from '../modules';
import type { EngineContext } from './context';

export interface ChecksFeature extends EngineFeature<'check'> {
  /** Drop the checker of a closed document. */
  forget(docId: string): void;
  /**
   * The document's text is new: check it once the current call has answered and push the findings
   * (`checkerFindings`), so no client asks. Changes that arrive meanwhile are checked once, as one.
   */
  changed(docId: string): void;
}

/** `check`: one incremental checker per document, made for the workspace macros it does not redefine. */
export function checksFeature(ctx: EngineContext): ChecksFeature {
  const { docs, workspaceMacros } = ctx;
  const checkers = new Map<string, { checker: Checker; key: string }>();
  // Checkers made for the old macros are of no use after a reload.
  workspaceMacros.onReload(() => checkers.clear());
  /** One incremental checker per document: after an edit only the changed fragments are re-checked. */
  function check(docId: string): { annotations: Annotation[]; version: number } {
    // The slow symbolic simplifier stays off so typing never waits for it. The document's own
    // definitions win over macros.tex, as in the preview and the report.
    const session = docs.get(docId);
    const doc = session.doc;
    const macros = workspaceMacros.current ? baseMacrosFor(doc.text, workspaceMacros.current) : undefined;
    const key = macros ? macrosKey(macros) : '';
    let entry = checkers.get(docId);
    if (!entry || entry.key !== key) checkers.set(docId, (entry = { checker: new Checker({ macros }), key }));
    return { annotations: entry.checker.check(doc).annotations, version: session.version };
  }

  const due = new Set<string>();
  // The findings of each document's last push: the next push is sent as a change from them.
  const pushed = new Map<string, { version: number; annotations: Annotation[] }>();
  function pushFindings(): void {
    const ids = [...due];
    due.clear();
    for (const docId of ids) {
      if (!docs.has(docId)) continue;
      try {
        const now = check(docId);
        const last = pushed.get(docId);
        const entries = last && last.version !== now.version ? checkerDelta(last.annotations, now.annotations) : null;
        pushed.set(docId, now);
        const message = last && entries ? { docId, version: now.version, base: last.version, entries } : { docId, ...now };
        void ctx.client()?.checkerFindings(message).catch(() => undefined);
      } catch (error) {
        console.error(`[engine] check of ${docId} failed: ${(error as Error).message}`);
      }
    }
  }

  return {
    name: 'checks',
    forget: (docId) => {
      checkers.delete(docId);
      pushed.delete(docId);
      due.delete(docId);
    },
    changed: (docId) => {
      // After the reply to the call that changed it: the client then knows the version first.
      if (due.size === 0) setImmediate(pushFindings);
      due.add(docId);
    },
    handlers: {
      check: ({ docId }) => check(docId),
    },
  };
}
