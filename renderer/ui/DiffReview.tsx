// Refinement review: the proposed proof against the current one in Monaco's diff editor. Accept all,
// accept or reject hunk by hunk, or reject; every acceptance is one undoable edit in the proof editor.
// The changes are Monaco's first diff, kept (review/hunks.ts reviewParts): deciding one never regroups the rest.
// The diff editor keeps that first pair of texts (the document as the review opened, the proposal) for
// the whole review, so what it draws is the list's changes by construction: giving it the document with
// the accepted changes and the proposal less the rejected ones made Monaco diff again, and its new
// grouping could differ from the list's (the sample refine-steps' "Step 1" heading drawn in change 1
// while the list's change 2 held it). Each change is labelled "Change N" in the diff as in the list,
// and a decided one says so there; what is struck out is in neither the proof nor what Accept all writes.
import { useEffect, useMemo, useRef, useState } from 'react';
import { editorBridge } from '../editor/bridge';
import { LANGUAGE_ID } from '../editor/latexLanguage';
import { monaco, setupMonaco } from '../editor/monacoSetup';
import { conformProposal, decideChange, describeChange, hunkEdit, openChanges, reviewChanges, reviewParts, reviewSides, type LineChange, type ReviewChange, type ReviewPart } from '../review/hunks';
import { runOutcome } from '../state/runs';
import { closeReview, notify, useWorkbench } from '../state/store';
import { useFocusTrap } from './focusTrap';
import { useEffectiveTheme } from './theme';

/**
 * The diff editor, created once and kept: its node is moved into each review and out again. Disposing
 * a Monaco diff editor disposes an instantiation service that Monaco's shared lazies (hover delegate,
 * quick input) may have been created from, after which hovers, F1 and suggestions in the proof editor
 * silently stop working ("InstantiationService has been disposed").
 */
let shared: { node: HTMLDivElement; diff: monaco.editor.IStandaloneDiffEditor } | null = null;
function sharedDiffEditor(): { node: HTMLDivElement; diff: monaco.editor.IStandaloneDiffEditor } {
  if (shared) return shared;
  setupMonaco();
  const node = document.createElement('div');
  node.className = 'pw-review-diff-node';
  const diff = monaco.editor.createDiffEditor(node, {
    automaticLayout: true, readOnly: true, originalEditable: false, renderSideBySide: true, wordWrap: 'on',
    diffWordWrap: 'on', renderOverviewRuler: true, ignoreTrimWhitespace: false, minimap: { enabled: false },
    // Always side by side. The node is created detached (width 0), which Monaco's "inline view when
    // space is limited" took for a narrow window: it turned the left side's wrapping off for the inline
    // view and never back on, so at 1280 px the left pane's lines were cut off at its right edge.
    useInlineViewWhenSpaceIsLimited: false,
  });
  shared = { node, diff };
  return shared;
}

export function DiffReview() {
  const review = useWorkbench((s) => s.review);
  const theme = useEffectiveTheme();
  const host = useRef<HTMLDivElement>(null);
  const diffRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  // null until Monaco has computed the first diff; then the review's parts, each change with its decision.
  const [parts, setParts] = useState<ReviewPart[] | null>(null);
  const changes = useMemo(() => (parts ? reviewChanges(parts) : null), [parts]);
  const hunks = useMemo(() => changes?.filter((c) => c.decision === 'open') ?? null, [changes]);
  // The labels and marks of the changes in the diff editor, one collection per side, for this review.
  const marks = useRef<{ original: monaco.editor.IEditorDecorationsCollection; modified: monaco.editor.IEditorDecorationsCollection } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  /**
   * The change list's button to focus once the diff is recomputed after Accept or Reject on one change:
   * that change's row is gone with the button that had focus, which fell to the page (the next Tab
   * started from the top, Escape no longer closed the review). The row now at its place gets it.
   */
  const refocus = useRef<{ index: number; action: 'Accept' | 'Reject' } | null>(null);
  const reviewing = review !== null;
  // The review is a dialog: focus moves in when it opens (so Escape acts on it), Tab and Shift+Tab
  // stay inside it, and focus goes back to where it was when it closes.
  useFocusTrap(box, reviewing, { initial: () => box.current });

  useEffect(() => {
    if (!review || !host.current) return;
    const proof = editorBridge()?.getText() ?? review.original;
    const original = monaco.editor.createModel(proof, LANGUAGE_ID);
    // The proposal in the document's line breaks and with the document's ending, so that neither is
    // a change to review nor lost by accepting; the model keeps that line break for edits made in it.
    const modified = monaco.editor.createModel(conformProposal(proof, review.proposed), LANGUAGE_ID);
    modified.setEOL(original.getEOL() === '\r\n' ? monaco.editor.EndOfLineSequence.CRLF : monaco.editor.EndOfLineSequence.LF);
    const { node, diff } = sharedDiffEditor();
    monaco.editor.setTheme(theme === 'dark' ? 'pw-dark' : 'pw-light');
    host.current.appendChild(node);
    diff.setModel({ original, modified });
    diff.layout();
    diffRef.current = diff;
    marks.current = { original: diff.getOriginalEditor().createDecorationsCollection(), modified: diff.getModifiedEditor().createDecorationsCollection() };
    // The first diff of these two models fixes the review's changes. The models are never edited, so
    // Monaco has no other diff to draw; a diff still about the previous review's models does not fit them.
    let fixed = false;
    const fix = (): LineChange[] | null => {
      const found = diff.getLineChanges();
      if (fixed || !found) return null;
      const fits = found.every((c) => c.originalStartLineNumber <= original.getLineCount() && c.originalEndLineNumber <= original.getLineCount()
        && c.modifiedStartLineNumber <= modified.getLineCount() && c.modifiedEndLineNumber <= modified.getLineCount());
      if (!fits) return null;
      fixed = true;
      setParts(reviewParts(original.getLinesContent(), modified.getLinesContent(), found));
      return [...found];
    };
    // The first change in view once the diff is known, as VS Code's diff editor opens: a change on line
    // 22 of a long proof was below the first screen and the review looked empty. Once per review only.
    let revealed = false;
    const revealFirst = (found: LineChange[] | null) => {
      const first = found?.[0];
      if (revealed || !first) return;
      revealed = true;
      // The left side's line (for an insertion, the line it follows); the right side scrolls with it.
      diff.getOriginalEditor().revealLineInCenterIfOutsideViewport(Math.max(1, first.originalStartLineNumber), monaco.editor.ScrollType.Immediate);
    };
    const sub = diff.onDidUpdateDiff(() => revealFirst(fix()));
    setParts(null);
    revealFirst(fix());
    (window as unknown as { __pwDiff?: unknown }).__pwDiff = diff;
    return () => {
      sub.dispose();
      marks.current?.original.clear();
      marks.current?.modified.clear();
      marks.current = null;
      diff.setModel(null);
      node.remove();
      original.dispose();
      modified.dispose();
      diffRef.current = null;
    };
    // One review at a time, in the one diff editor.
  }, [review]);

  // Each change's label and state drawn where the diff editor draws it (ReviewChange.shown).
  useEffect(() => {
    const models = diffRef.current?.getModel();
    if (!marks.current || !models) return;
    const drawn = changes ? changeMarks(changes, models) : { original: [], modified: [] };
    marks.current.original.set(drawn.original);
    marks.current.modified.set(drawn.modified);
  }, [changes]);

  useEffect(() => {
    const want = refocus.current;
    if (!want || !hunks || hunks.length === 0) return;
    refocus.current = null;
    // Only when focus was lost with the row: a user who went on elsewhere (the diff's text) stays there.
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const rows = box.current?.querySelectorAll<HTMLElement>('[data-testid=hunk]') ?? [];
    const row = rows[Math.min(want.index, rows.length - 1)];
    [...(row?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((b) => b.textContent === want.action)?.focus();
  }, [hunks]);

  if (!review) return null;

  // The right side is the reviewed text: the proposal less every change the user rejected. Accept all
  // writes it, never the raw proposal: exactly the changes not rejected, as they were shown.
  const acceptAll = () => {
    const models = diffRef.current?.getModel();
    if (parts && models) editorBridge()?.replaceAll(reviewSides(parts).reviewed.join(models.modified.getEOL()));
    else editorBridge()?.replaceAll(models?.modified.getValue() ?? review.proposed);
    closeReview();
    notify('Accepted the remaining changes (Ctrl+Z undoes it).');
  };

  /**
   * Accept or reject one open change. Accepting is one undoable edit in the proof editor: the change's
   * lines in the document as it stands (`now`) become the proposal's. Rejecting writes nothing. The
   * diff editor's texts stay as they are: only the change's label and marks say what was decided.
   */
  const decide = (change: ReviewChange, decision: 'accepted' | 'rejected') => {
    const models = diffRef.current?.getModel();
    if (!models || !parts) return;
    if (decision === 'accepted') {
      const eol = models.original.getEOL();
      const { document, reviewed } = reviewSides(parts);
      editorBridge()?.applyEdits([hunkEdit(document.join(eol), reviewed.join(eol), change.now)]);
    }
    const next = decideChange(parts, change.part, decision);
    setParts(next);
    if (openChanges(next).length === 0) closeReview();
  };

  return (
    <div
      className="pw-review"
      role="dialog"
      aria-label="Review the proposed proof"
      data-testid="review"
      ref={box}
      tabIndex={-1}
      // Escape leaves the review as Reject does (nothing applied), unless Monaco used the key itself
      // (closing its find widget, say): then it has called preventDefault.
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          closeReview();
        }
      }}
    >
      <div className="pw-review-bar">
        <span className="pw-muted pw-review-keys">Esc: close without applying</span>
        <strong>{review.title}</strong>
        <span className="pw-muted">left: your proof as the review opened · right: proposal · a change goes into your proof when you accept it</span>
        <span className="pw-spacer" />
        <button type="button" className="pw-primary" onClick={acceptAll} data-testid="accept-all">Accept all</button>
        <button type="button" onClick={() => closeReview()} data-testid="reject-all">Reject</button>
      </div>
      <ReviewOutcome runId={review.runId} />
      <div className="pw-review-body">
        <div ref={host} className="pw-review-diff" />
        <ul className="pw-review-hunks" aria-label="Changes">
          {changes === null && <li className="pw-muted">Computing the differences…</li>}
          {changes?.length === 0 && <li className="pw-muted" data-testid="no-changes">No changes: the proposal is your proof as it stands.</li>}
          {changes?.map((c) => {
            // By the lines the diff editor shows (the proof as the review opened): the same for the whole review.
            const what = <span>Change {c.number}: {describeChange(c.shown)}</span>;
            if (c.decision !== 'open') {
              return (
                <li key={c.part} data-testid="decided-change" data-decision={c.decision} className={`pw-decided pw-decided-${c.decision}`}>
                  {what}
                  <em>{c.decision === 'accepted' ? '✓ accepted' : '✗ rejected'}</em>
                </li>
              );
            }
            const i = hunks?.indexOf(c) ?? 0;
            return (
              <li key={c.part} data-testid="hunk">
                {what}
                <button type="button" onClick={() => { refocus.current = { index: i, action: 'Accept' }; decide(c, 'accepted'); }}>Accept</button>
                <button type="button" onClick={() => { refocus.current = { index: i, action: 'Reject' }; decide(c, 'rejected'); }}>Reject</button>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}

/**
 * The decorations that label each change in the diff editor ("Change N", "Change N ✓ accepted",
 * "Change N ✗ rejected": on the proposal's first line of it, or the document's when it only deletes) and
 * strike out what the decision leaves out: an accepted change's old lines, a rejected change's new ones.
 */
function changeMarks(changes: readonly ReviewChange[], models: monaco.editor.IDiffEditorModel): { original: monaco.editor.IModelDeltaDecoration[]; modified: monaco.editor.IModelDeltaDecoration[] } {
  const original: monaco.editor.IModelDeltaDecoration[] = [];
  const modified: monaco.editor.IModelDeltaDecoration[] = [];
  const lines = (model: monaco.editor.ITextModel, from: number, to: number) => new monaco.Range(from, 1, to, model.getLineMaxColumn(to));
  for (const c of changes) {
    const { originalStartLineNumber: os, originalEndLineNumber: oe, modifiedStartLineNumber: ms, modifiedEndLineNumber: me } = c.shown;
    const label = c.decision === 'open' ? `Change ${c.number}` : `Change ${c.number} ${c.decision === 'accepted' ? '✓ accepted' : '✗ rejected'}`;
    const [side, line] = me > 0 ? [modified, ms] : [original, os];
    side.push({
      range: new monaco.Range(line, 1, line, 1),
      options: {
        // An empty range (the label stands before the line's first character): Monaco drops its
        // injected text unless told to show it collapsed.
        showIfCollapsed: true,
        before: { content: label, inlineClassName: `pw-change-label pw-change-label-${c.decision}`, cursorStops: monaco.editor.InjectedTextCursorStops.None },
      },
    });
    if (c.decision === 'open') continue;
    // The side the decision keeps gets a bar; the side it leaves out is struck through.
    const [kept, keptModel, ks, ke, gone, goneModel, gs, ge] = c.decision === 'accepted'
      ? [modified, models.modified, ms, me, original, models.original, os, oe] as const
      : [original, models.original, os, oe, modified, models.modified, ms, me] as const;
    if (ke > 0) kept.push({ range: lines(keptModel, ks, ke), options: { isWholeLine: true, className: `pw-change-kept pw-change-kept-${c.decision}` } });
    if (ge > 0) gone.push({ range: lines(goneModel, gs, ge), options: { inlineClassName: 'pw-change-gone' } });
  }
  return { original, modified };
}

/** What went wrong in the run the proposal came from (failed calls, samples without a verdict), kept in view. */
function ReviewOutcome({ runId }: { runId?: string }) {
  const run = useWorkbench((s) => s.run);
  if (!run || run.runId !== runId) return null;
  const outcome = runOutcome(run);
  if (outcome.tone === 'ok') return null;
  const failed = run.failedCalls > 0 ? `${run.failedCalls} of ${run.doneCalls} calls failed` : outcome.label;
  return (
    <div className={`pw-review-outcome pw-run-${outcome.tone}`} role="status" data-testid="review-outcome">
      {failed}{outcome.why ? `: ${outcome.why}` : ''} (the Run tab below has each call)
    </div>
  );
}
