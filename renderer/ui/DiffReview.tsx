// Refinement review: the proposed proof against the current one in Monaco's diff editor. Accept all,
// accept or reject hunk by hunk, or reject; every acceptance is one undoable edit in the proof editor.
// The changes are Monaco's first diff, kept (review/hunks.ts reviewParts): deciding one never regroups the rest.
import { useEffect, useMemo, useRef, useState } from 'react';
import { editorBridge } from '../editor/bridge';
import { LANGUAGE_ID } from '../editor/latexLanguage';
import { monaco, setupMonaco } from '../editor/monacoSetup';
import { conformProposal, decideChange, describeChange, hunkEdit, openChanges, reviewParts, reviewSides, type LineChange, type ReviewPart } from '../review/hunks';
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
  const hunks = useMemo(() => (parts ? openChanges(parts) : null), [parts]);
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
    // The first diff of these two models fixes the review's changes; later ones (after each Accept or
    // Reject) only redraw the diff. A diff still about the previous review's models does not fit them.
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
    // 22 of a long proof was below the first screen and the review looked empty. Once per review only:
    // accepting or rejecting a change recomputes the diff, and the view must not jump away from the user.
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
      diff.setModel(null);
      node.remove();
      original.dispose();
      modified.dispose();
      diffRef.current = null;
    };
    // One review at a time, in the one diff editor.
  }, [review]);

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

  /** Accept or reject the open change of part `index` at `h` (its lines as the two sides stand now). */
  const decide = (index: number, h: LineChange, decision: 'accepted' | 'rejected') => {
    const models = diffRef.current?.getModel();
    if (!models || !parts) return;
    const next = decideChange(parts, index, decision);
    const sides = reviewSides(next);
    if (decision === 'accepted') {
      // One undoable edit in the proof editor; the left side follows the document.
      editorBridge()?.applyEdits([hunkEdit(models.original.getValue(), models.modified.getValue(), h)]);
      models.original.setValue(sides.document.join(models.original.getEOL()));
    } else {
      // Rejecting = make the proposal agree with the current text there.
      const edit = hunkEdit(models.modified.getValue(), models.original.getValue(), {
        originalStartLineNumber: h.modifiedStartLineNumber, originalEndLineNumber: h.modifiedEndLineNumber,
        modifiedStartLineNumber: h.originalStartLineNumber, modifiedEndLineNumber: h.originalEndLineNumber,
      });
      const m = models.modified;
      m.applyEdits([{ range: monaco.Range.fromPositions(m.getPositionAt(edit.start), m.getPositionAt(edit.end)), text: edit.text }]);
    }
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
        <span className="pw-muted">left: your proof · right: proposal · nothing changes until you accept</span>
        <span className="pw-spacer" />
        <button type="button" className="pw-primary" onClick={acceptAll} data-testid="accept-all">Accept all</button>
        <button type="button" onClick={() => closeReview()} data-testid="reject-all">Reject</button>
      </div>
      <ReviewOutcome runId={review.runId} />
      <div className="pw-review-body">
        <div ref={host} className="pw-review-diff" />
        <ul className="pw-review-hunks" aria-label="Changes">
          {hunks === null && <li className="pw-muted">Computing the differences…</li>}
          {hunks?.length === 0 && <li className="pw-muted" data-testid="no-changes">No changes: the proposal is your proof as it stands.</li>}
          {hunks?.map(({ part, change: h }, i) => (
            <li key={part} data-testid="hunk">
              <span>Change {i + 1}: {describeChange(h)}</span>
              <button type="button" onClick={() => { refocus.current = { index: i, action: 'Accept' }; decide(part, h, 'accepted'); }}>Accept</button>
              <button type="button" onClick={() => { refocus.current = { index: i, action: 'Reject' }; decide(part, h, 'rejected'); }}>Reject</button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
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
