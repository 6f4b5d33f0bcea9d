// Reports: the self-contained HTML report of one verify run, the same renderReport the CLI uses.
import { stat } from 'node:fs/promises';
import { RpcError } from '../../common/contract';
import { writeFileSafely } from '../../store/safe-write';
import type { EngineFeature } from '../container';
import { checkerFindingsForReport } from '../modules';
import type { EngineContext } from './context';
import { gradingOf, selectionOf, storedResult } from './runs';
import { stepSpan } from '../../common/staleness';

/** `exportReport`: the HTML, and written to `path` (confined) when one is given. */
export function reportsFeature(ctx: EngineContext): EngineFeature<'exportReport'> {
  const { docs, guard, store, workspaceMacros } = ctx;
  return {
    name: 'reports',
    handlers: {
      exportReport: async ({ docId, runId, path }) => {
        const session = docs.get(docId);
        const run = await store.loadRun(runId).catch(() => {
          throw new RpcError(`no run "${runId}"`, 'not-found');
        });
        const { renderReport } = await import('../../report/html');
        // A run of a selection (Ctrl+Enter over selected text): its score is the selection's.
        const { selection } = selectionOf(run.header.params);
        // The editor's text, not the file: said in the report, with when the file was last written.
        const unsaved = session.dirty
          ? { savedAt: session.absPath && session.saved ? await stat(session.absPath).then((s) => s.mtime, () => null) : null }
          : undefined;
        const html = renderReport({
          title: `Proofwright report — ${session.name}`,
          generatedAt: new Date(),
          // Which run: after History › Show findings the report is of that older run (rev21 F7).
          settings: { run: `${run.runId} (started ${run.header.createdAt})`, backend: run.header.backend.spec, model: run.header.backend.model },
          entries: [
            {
              name: session.name,
              problem: session.problem,
              doc: session.doc,
              macros: workspaceMacros.current ?? undefined,
              result: storedResult(run).verify ?? null,
              checker: checkerFindingsForReport(session.doc, workspaceMacros.current ?? undefined),
              ...(unsaved ? { unsaved } : {}),
              ...(selection ? { selection: stepSpan(session.doc, selection) } : {}),
              // Graded: what against, as the run recorded it (not the files as they are now).
              ...gradingOf(run.header.params),
            },
          ],
        });
        if (!path) return { html };
        const abs = guard.resolve(path);
        await writeFileSafely(abs, html);
        return { html, path: guard.toClientPath(abs) };
      },
    },
  };
}
