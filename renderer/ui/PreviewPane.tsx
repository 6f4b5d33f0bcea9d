// The live preview and, aligned row by row, the annotation column. Each row is one preview block
// (cached by text, so typing re-renders one block) and the findings of the steps that start in it.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { editRegion } from '../../app/common/text';
import { blockAt } from '../../app/common/blocks';
import { documentFormat } from '../../app/common/proof-files';
import { PreviewRenderer, type PreviewState } from '../preview/incremental';
import type { PreviewNode } from '../preview/renderBlock';
import { macrosKey } from '../../app/common/tex/macros';
import { editorBridge } from '../editor/bridge';
import { formatPoints } from '../state/grading';
import { desktop } from '../engine/desktop';
import { findingsByStep, verifierSamples, type StepFindings } from '../state/annotationsView';
import { runStartedAt, type SampleVerdicts } from '../../app/common/run-status';
import { formatScore, unverifiedState, useDisplayedAnnotations, useWorkbench } from '../state/store';
import { loadJson, saveJson } from '../state/persist';
import { stepSpan, verifiedEarlierText } from '../../app/common/staleness';
import { verifyScoreTone } from '../../app/common/ranking';
import { DocumentFindings, StepCard } from './AnnotationCell';
import { BlockBoundary, PreviewContent } from './PreviewNodes';
import { onScrollRequest, publishScroll, rangesOnScreen, setOnScreen, userScrolls } from './scrollSync';
import { whenIdle } from './idle';
import { blockElements, useBlockStarts, useRowIds } from './previewRows';

/**
 * Time one preview update may spend typesetting new blocks (ms). KaTeX runs on this (UI) thread: a
 * document whose first render takes seconds (a macro bomb, a long proof just opened) is typeset in
 * slices, with input handled between them; blocks not reached yet show their source meanwhile. Short
 * enough that a slice and the layout after it stay under the 50 ms of a long task.
 */
const PREVIEW_SLICE_MS = 20;

/**
 * The preview of `text`, updated in the same task as the keystroke that changed it: the typed text is
 * painted in the next frame (issue 11). It used to wait for an animation frame and then for React's
 * scheduler, two frames per key. The split and the typesetting are incremental (only the edited
 * blocks), so this is cheap on every key; blocks left pending go on in later tasks.
 */
function usePreview(text: string): PreviewState {
  const renderer = useMemo(() => new PreviewRenderer(), []);
  const macros = useWorkbench((s) => s.workspaceMacros);
  // Bumped to go on with blocks left pending, after the browser has handled input and painted.
  const [round, setRound] = useState(0);
  // `round` is a dependency on purpose: it asks for the next slice of the same text.
  // What the editor and the preview show is typeset first (read on each update: a scroll while blocks
  // are pending is picked up by the next slice).
  // The format by the one rule the engine and the checker read the document with (documentFormat: a
  // .tex name, else a preamble in the text), for the text on screen, before the engine has answered.
  const name = useWorkbench((s) => s.name);
  const format = useMemo(() => documentFormat(name, text), [name, text]);
  const state = useMemo(() => renderer.update(text, macros, format, PREVIEW_SLICE_MS, rangesOnScreen()), [text, renderer, macros, round, format]);
  useEffect(() => {
    if (state.pending === 0) {
      // Typeset: the work the next key's split would do once (after a document opens) is done now,
      // while the user is not typing (on a 460-line proof it was a long task on the first key).
      const idle = whenIdle(() => renderer.prepareForEdits());
      return () => idle.cancel();
    }
    const timer = setTimeout(() => setRound((n) => n + 1), 0);
    return () => clearTimeout(timer);
  }, [state]);
  return state;
}

/**
 * Maps offsets in `before` to offsets in `after` across the one changed span between them (common
 * prefix and suffix): offsets after the change move by the length difference, offsets inside it go
 * to its start. Identity when the texts are equal.
 */
export function offsetMapper(before: string, after: string): (offset: number) => number {
  if (before === after) return (offset) => offset;
  // Run on every key over the whole text (PreviewPane's findings placement): editRegion compares in chunks.
  const { start: prefix, oldEnd: changedEnd, newEnd } = editRegion(before, after);
  const delta = newEnd - changedEnd;
  return (offset) => (offset <= prefix ? offset : offset >= changedEnd ? offset + delta : prefix);
}

/**
 * What a row's findings show, offsets left out: equal signatures draw equal cards (the cards read the
 * current ranges from the store when clicked).
 */
function findingsSignature(list: StepFindings[]): string {
  return list.map(stepSignature).join('\u0001');
}

/** Per StepFindings object: they are made anew only when the engine answers, not on each key. */
const stepSignatures = new WeakMap<StepFindings, string>();
function stepSignature(f: StepFindings): string {
  let signature = stepSignatures.get(f);
  if (signature === undefined) {
    const strip = (a: { range?: unknown }) => ({ ...a, range: undefined });
    signature = JSON.stringify([
      f.step.id, f.step.label, f.step.index, f.flags, f.confirmed, f.worst, f.stale,
      f.bySeverity.map((g) => [g.severity, g.annotations.map(strip)]), f.checker.map(strip),
    ]);
    stepSignatures.set(f, signature);
  }
  return signature;
}

function sameErrors(a: { start: number; end: number; message: string }[], b: { start: number; end: number; message: string }[]): boolean {
  return a.length === b.length && a.every((e, i) => e.start === b[i].start && e.end === b[i].end && e.message === b[i].message);
}

const COLUMN_KEY = 'pw.layout.findingsShare';
const DEFAULT_COLUMN_SHARE = 0.34;
const MIN_COLUMN_PX = 200;
/** The findings column's share of the preview pane: its bounds (the separator's Home and End). */
const MIN_COLUMN_SHARE = 0.15;
const MAX_COLUMN_SHARE = 0.6;
const clampShare = (share: number) => (Number.isFinite(share) ? Math.min(MAX_COLUMN_SHARE, Math.max(MIN_COLUMN_SHARE, share)) : DEFAULT_COLUMN_SHARE);

/**
 * The findings column as the user sees it in a pane `paneWidth` px wide: its width is
 * `max(MIN_COLUMN_PX, share)`, so below the pixel floor a stored share shows as the floor. Returns the
 * shares (0–1) on screen now and at the separator's two ends; the floor raises the lower end (and, in
 * a pane under MIN_COLUMN_PX / MAX_COLUMN_SHARE px, the upper one with it). A pane not measured yet
 * (width 0) has no floor.
 */
export function shownColumn(share: number, paneWidth: number): { now: number; min: number; max: number } {
  const floor = paneWidth > 0 ? Math.min(1, MIN_COLUMN_PX / paneWidth) : 0;
  const min = Math.max(MIN_COLUMN_SHARE, floor);
  const max = Math.max(MAX_COLUMN_SHARE, floor);
  return { now: Math.min(max, Math.max(min, share)), min, max };
}

/** Why no score is shown, agreeing with History (a stopped run is not "not verified yet" unexplained). */
function UnverifiedScore() {
  const history = useWorkbench((s) => s.history);
  const path = useWorkbench((s) => s.path);
  // One look through History for both the state and the finished run it names.
  const { state, last } = unverifiedState(history, path);
  const text = {
    none: 'Not verified yet — Ctrl+Enter',
    finished: `Last verification scored ${formatScore(last?.score)} — History › Show findings`,
    stopped: 'Last verification stopped before a verdict — Ctrl+Enter to verify',
    failed: 'Last verification failed (see Run) — Ctrl+Enter to try again',
    interrupted: 'Last verification was interrupted (History › Resume) — Ctrl+Enter to verify',
  }[state];
  return <div className="pw-doc-score pw-muted" data-testid="score-unverified" data-state={state}>{text}</div>;
}

/** The score of the verification shown; `compact` (the findings column) keeps the details in a tooltip. */
export function DocumentScore({ compact = false }: { compact?: boolean }) {
  const verify = useWorkbench((s) => s.verify);
  const scope = useWorkbench((s) => s.verifyScope);
  const doc = useWorkbench((s) => s.doc);
  const latest = useWorkbench((s) => (s.run?.kind === 'verify' ? s.run : null));
  if (!verify) return <UnverifiedScore />;
  const earlier = verifiedEarlierText(verify, doc?.text);
  // The latest verify run is another (stopped, failed, or still going) and this score is kept from an
  // earlier one: said, so "no run score" beside it is not read as contradicted by it (rev21 F4).
  const fromRun = latest && latest.runId !== verify.runId ? runStartedAt(verify.runId) : null;
  const spread = verify.spread;
  // A selection's score says nothing about the rest of the proof: it is labelled as the selection's.
  const what = scope ? `Selection ${stepSpan(doc, scope)}` : 'Whole proof';
  const tone = verifyScoreTone(verify);
  return (
    <div
      className={`pw-doc-score${earlier ? ' pw-stale' : ''}`} data-testid="document-score" aria-label={scope ? 'Selection score' : 'Document score'}
      title={`${scope ? 'Score of the verified selection only; the rest of the proof was not verified in this run' : 'Score of the whole proof'}${
        compact ? ` — ${verify.parsedSamples} of ${verify.samples.length} samples gave a verdict` : ''}`}
    >
      <span className="pw-score-scope" data-testid="score-scope">{what}</span>
      {earlier && <span className="pw-tag" data-testid="score-stale" title="This score is for the text as it was verified; the proof has changed since">for an earlier text</span>}
      {fromRun && (
        <span className="pw-tag" data-testid="score-earlier-run" title={`The latest verify run (${latest!.runId}) has no run score; this score and its findings are of run ${verify.runId}`}>
          from the run of {fromRun.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </span>
      )}
      <span className={`pw-score pw-score-${tone === 'few' ? 'none' : tone}`}>
        {formatScore(verify.score)}
      </span>
      {tone === 'few' && (
        <span className="pw-tag" data-testid="score-few" title="Fewer than half of the samples gave a verdict: this mean says little about the proof (the rule that ranks a search's candidates)">
          {verify.parsedSamples} of {verify.samples.length} verdicts: too few
        </span>
      )}
      {verify.points && <span className="pw-score-points" data-testid="document-points" title="Points against the reference solution and marking scheme">{formatPoints(verify.points)} pts</span>}
      {!compact && <span className="pw-muted">
        {verify.parsedSamples} of {verify.samples.length} samples gave a verdict
        {spread && ` · min ${spread.min} · max ${spread.max} · σ ${spread.stdev.toFixed(2)}`}
      </span>}
    </div>
  );
}

export function PreviewPane() {
  const text = useWorkbench((s) => s.text);
  const doc = useWorkbench((s) => s.doc);
  const annotations = useDisplayedAnnotations();
  const dismissed = useWorkbench((s) => s.dismissed);
  const verify = useWorkbench((s) => s.verify);
  const cursorOffset = useWorkbench((s) => s.cursorOffset);
  const preview = usePreview(text);
  const scroller = useRef<HTMLDivElement>(null);
  // The findings column is a share of the pane (so a narrow window keeps a readable preview), never
  // narrower than MIN_COLUMN_PX nor wider than 60%; dragging or the arrow keys change the share.
  const [columnShare, setColumnShare] = useState(() => clampShare(loadJson<number>(COLUMN_KEY, DEFAULT_COLUMN_SHARE)));
  const pane = useRef<HTMLDivElement>(null);
  const setShare = useCallback((share: number) => {
    const next = clampShare(share);
    setColumnShare(next);
    saveJson(COLUMN_KEY, next);
  }, []);
  // The pane's width (px), for the share the 200 px floor stands for: the separator's keys and aria
  // values follow the column on screen, so no arrow press changes a share the floor hides. Measured
  // here, not in the header: a child's layout effect runs before its parent's ref is set.
  const [paneWidth, setPaneWidth] = useState(0);
  useLayoutEffect(() => {
    const el = pane.current;
    if (!el) return;
    const measure = () => setPaneWidth(el.getBoundingClientRect().width);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!sameErrors(useWorkbench.getState().previewErrors, preview.errors)) useWorkbench.setState({ previewErrors: preview.errors });
  }, [preview.errors]);
  useEffect(() => {
    if (macrosKey(useWorkbench.getState().macros) !== macrosKey(preview.macros)) useWorkbench.setState({ macros: preview.macros });
  }, [preview.macros]);

  const byStep = useMemo(() => findingsByStep(doc, annotations, dismissed), [doc, annotations, dismissed]);
  const samples = useMemo(() => verifierSamples(verify, annotations), [verify, annotations]);
  const documentLevel = useMemo(() => annotations.filter((a) => a.stepId === null && !dismissed.has(a.id)), [annotations, dismissed]);

  // Steps (the engine's) placed on blocks (ours) by where they start. While the engine's answer to the
  // last keys is on its way its offsets describe the text before them: they are moved across the typed
  // change, so the findings stay beside their blocks while typing instead of vanishing for a frame
  // and coming back on every key (each key unmounted and mounted every card, issue 11).
  const stableLists = useRef(new Map<string, StepFindings[]>());
  const stepsByBlock = useMemo(() => {
    const map = new Map<number, StepFindings[]>();
    if (!doc) return map;
    const toText = offsetMapper(doc.text, text);
    for (const f of byStep.values()) {
      const i = blockAt(preview.blocks, toText(f.step.range.start));
      if (i < 0) continue;
      const list = map.get(i) ?? [];
      list.push(f);
      map.set(i, list);
    }
    // A row's list is the previous object while it shows the same findings, so the memoised row (and
    // its cards) are not drawn again when an answer from the engine only moved offsets.
    const lists = new Map<string, StepFindings[]>();
    for (const [i, list] of map) {
      list.sort((a, b) => a.step.index - b.step.index);
      const key = findingsSignature(list);
      const previous = stableLists.current.get(key);
      if (previous) map.set(i, previous);
      lists.set(key, previous ?? list);
    }
    stableLists.current = lists;
    return map;
  }, [byStep, preview.blocks, doc, text]);

  const rowIds = useRowIds(preview.blocks);
  useBlockStarts(scroller, preview.blocks);
  const currentBlock = blockAt(preview.blocks, cursorOffset);
  const currentStep = doc?.steps.find((s) => s.range.start <= cursorOffset && cursorOffset <= s.range.end)?.id;

  // Source → preview: the editor's top line scrolls the matching row to the top. Rows coming on screen
  // are laid out for the first time in the next frames (content-visibility) and may be taller or
  // shorter than their placeholder, which moves the row: it is aligned again until that settles. The
  // request is kept while the preview is still being built (a long paste, then Ctrl+End: the request
  // came before the pasted rows existed, and the preview stayed at the top): every update aligns again
  // until one has typeset everything, or until the user scrolls the preview.
  const follow = useRef<number | null>(null);
  const blocksNow = useRef(preview.blocks);
  blocksNow.current = preview.blocks;
  /** The preview is whole (nothing pending) and holds `offset`: a request for it can end. */
  const builtNow = useRef<(offset: number) => boolean>(() => false);
  builtNow.current = (offset) => preview.pending === 0 && offset <= text.length && blockAt(preview.blocks, offset) >= 0;
  const settle = useRef(0);
  const align = () => {
    const el = scroller.current;
    if (!el || follow.current === null) return;
    const blocks = blocksNow.current;
    const i = blockAt(blocks, follow.current);
    const rows = blockElements(el);
    const row = rows[Math.max(0, i)];
    const top = row ? topInScroller(el, row) - 8 : 0;
    if (Math.abs(el.scrollTop - top) > 1) el.scrollTop = top;
    setOnScreen('preview', rowsOnScreen(el, blocks, rows));
  };
  // From the next frame on, not at once: a request comes in the task of a key or a scroll (or a React
  // commit) with the page's layout dirty, and measuring rows there forced a layout of its own; in the
  // animation frame it is the layout the frame does anyway, and the scroll still lands in that frame.
  const alignForFrames = () => {
    let frames = 3;
    const again = () => {
      align();
      if (--frames > 0) settle.current = requestAnimationFrame(again);
      // Aligned over its frames on a whole preview: the request ends here. Kept, the next preview
      // update (the first key typed after a scroll) aligned again for 3 frames, each forcing a layout
      // of the page (part of a long task on that key, issue 11).
      else if (follow.current !== null && builtNow.current(follow.current)) follow.current = null;
    };
    cancelAnimationFrame(settle.current);
    settle.current = requestAnimationFrame(again);
  };
  useEffect(() => {
    const off = onScrollRequest('preview', (offset) => {
      follow.current = offset;
      alignForFrames();
    });
    return () => {
      off();
      cancelAnimationFrame(settle.current);
      setOnScreen('preview', null);
    };
    // Subscribed once: align reads the latest blocks through a ref.
  }, []);
  useLayoutEffect(() => {
    if (follow.current === null) return;
    alignForFrames();
    // Done once nothing is pending and the requested offset is in this text (not one still to come).
    if (preview.pending === 0 && follow.current <= text.length && blockAt(preview.blocks, follow.current) >= 0) {
      const last = follow.current;
      requestAnimationFrame(() => requestAnimationFrame(() => { if (follow.current === last) follow.current = null; }));
    }
    // After each update of the preview.
  }, [preview]);
  /**
   * The user moves the preview: it stops following the editor's last scroll, at once (an alignment
   * still due in the next frames scrolled it back under the user), and leads the sync (userScrolls).
   */
  const onUserScroll = () => {
    follow.current = null;
    cancelAnimationFrame(settle.current);
    userScrolls('preview');
  };

  /**
   * The head row (the score and the findings about the whole proof) above the blocks grows or shrinks
   * when findings come, go or turn stale; the rows below would move under a scrolled preview (the
   * scroller has no scroll anchoring, overflow-anchor: none), out of step with the editor: a refinement
   * accepted made its findings whole-proof ones, and the first block went ~350 px down (reviewer: a
   * blank band and the title beside the editor's line 6). The preview is scrolled by as much, so the
   * same rows stay in view; that scroll is not sent to the editor (it shows them already).
   */
  const head = useRef<HTMLDivElement>(null);
  const scoreLine = useRef<HTMLDivElement>(null);
  const anchoredTo = useRef<number | null>(null);
  useEffect(() => {
    const el = scroller.current;
    const row = head.current;
    const score = scoreLine.current;
    if (!el || !row || !score) return;
    // The score line takes no height in the flow (styles.css: it lies over the top of the findings
    // column, beside the first block, where an empty band of its height was left in the preview: rev14);
    // the findings column's first cell is pushed down by its height instead, given here as --score-h.
    const grid = score.parentElement!;
    const above = () => row.offsetHeight;
    const scoreHeight = () => grid.style.setProperty('--score-h', `${score.offsetHeight}px`);
    scoreHeight();
    let height = above();
    const observer = new ResizeObserver(() => {
      scoreHeight();
      const delta = above() - height;
      height = above();
      if (delta === 0 || el.scrollTop === 0) return;
      el.scrollTop += delta;
      anchoredTo.current = el.scrollTop;
    });
    observer.observe(row);
    observer.observe(score);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const rows = blockElements(el);
    setOnScreen('preview', rowsOnScreen(el, preview.blocks, rows));
    const anchored = anchoredTo.current;
    anchoredTo.current = null;
    if (anchored !== null && Math.abs(el.scrollTop - anchored) <= 1) return;
    // The first row not wholly above the top, by binary search: reading the geometry of every row
    // above it laid out each off-screen (content-visibility) row again, on every scroll event; after
    // a long paste the preview follows the editor to the end at each slice, and a 180 KB paste took
    // 11.6 s to sync (30 KB: 12.6 s of a 16 s wait in getBoundingClientRect), 1.8 MB never.
    const row = rows[firstRowBelow(rows, el.getBoundingClientRect().top)];
    if (row) publishScroll('preview', Number(row.dataset.blockStart));
  };

  // Click-to-source: the math fragment clicked, else the block.
  const onClick = (event: React.MouseEvent) => {
    const target = event.target as HTMLElement;
    const link = target.closest<HTMLAnchorElement>('a[href]');
    if (link && desktop()) {
      // In the desktop app links open in the system browser, never inside the app window.
      event.preventDefault();
      void desktop()!.openExternal(link.href);
      return;
    }
    if (target.closest('button, a, .pw-annotation-cell')) return;
    const row = target.closest<HTMLElement>('[data-block-start]');
    if (!row) return;
    const blockStart = Number(row.dataset.blockStart);
    const frag = target.closest<HTMLElement>('[data-src-start]');
    const offset = blockStart + (frag ? Number(frag.dataset.srcStart) : 0);
    editorBridge()?.reveal({ start: offset, end: offset });
  };

  return (
    <div ref={pane} className="pw-preview-pane" style={{ ['--annot-width' as string]: `max(${MIN_COLUMN_PX}px, ${(columnShare * 100).toFixed(1)}%)` }}>
      <PreviewHeader pane={pane} paneWidth={paneWidth} columnShare={columnShare} setShare={setShare} />
      <div
        ref={scroller} className="pw-preview-scroll" onScroll={onScroll} onClick={onClick} data-testid="preview"
        onWheel={onUserScroll} onPointerDown={onUserScroll} onKeyDown={onUserScroll} onTouchStart={onUserScroll}
      >
        <div className="pw-preview-grid">
          {/* The score (or why there is none) stays at the top of the findings column however far the
              preview is scrolled (sticky): in the head row it scrolled away with it, cut in half at the
              top edge on the way. */}
          <div ref={scoreLine} className="pw-findings-score" data-testid="findings-score">
            <DocumentScore compact />
          </div>
          {/* With findings about the whole proof the head spans the pane (pw-preview-head-wide): in the
              findings column alone its left half was an empty band, ~350 px at 1280 px wide after an
              Accept all had turned the replaced step's findings into whole-proof ones (reviewer: the
              first block mid-pane below a blank area); across the pane the same cards are a third as tall. */}
          <div ref={head} className={`pw-preview-row pw-preview-head${documentLevel.length > 0 ? ' pw-preview-head-wide' : ''}`} data-testid="preview-head">
            <div className="pw-preview-block pw-preview-top" />
            <div className="pw-annotation-cell pw-preview-top">
              <DocumentFindings annotations={documentLevel} samples={samples} />
            </div>
          </div>
          {preview.blocks.map((block, i) => {
            const steps = stepsByBlock.get(i);
            return (
              <PreviewRow
                key={rowIds[i]} index={i} kind={block.kind} source={block.text} nodes={block.rendered.nodes} current={i === currentBlock}
                steps={steps} samples={samples} currentStep={steps?.some((f) => f.step.id === currentStep) ? currentStep : undefined}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * The pane's header: titles, the findings column's resize handle and the "Verified computations"
 * switch. Memoised: the pane renders on every key, and with it the header's checkbox was updated by
 * React (its type and name attributes written again) on each keystroke (issue 11).
 */
const PreviewHeader = memo(function PreviewHeader({ pane, paneWidth, columnShare, setShare }: {
  pane: React.RefObject<HTMLDivElement | null>; paneWidth: number; columnShare: number; setShare: (share: number) => void;
}) {
  const showVerified = useWorkbench((s) => s.showVerified);
  const shown = shownColumn(columnShare, paneWidth);
  const startResize = (event: React.PointerEvent<HTMLDivElement>) => {
    const startX = event.clientX;
    const width = pane.current?.getBoundingClientRect().width ?? 1;
    const startShare = shown.now;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => setShare(startShare - (e.clientX - startX) / width);
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };

  return (
    <div className="pw-preview-header">
      <span className="pw-pane-title">Preview</span>
      <div
        className="pw-column-handle" role="separator" aria-orientation="vertical" aria-label="Resize the findings column" tabIndex={0}
        aria-valuenow={Math.round(shown.now * 100)} aria-valuemin={Math.round(shown.min * 100)} aria-valuemax={Math.round(shown.max * 100)}
        onPointerDown={startResize}
        onKeyDown={(e) => {
          // The findings column is the pane the value measures: Home gives it its smallest share, End its largest (WAI-ARIA window splitter).
          // An arrow steps from the width on screen and stops at the ends (a press past an end changes
          // nothing); the narrow end is stored as the smallest share, so the floor keeps deciding it.
          if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
            const next = Math.min(shown.max, shown.now + (e.key === 'ArrowLeft' ? 0.02 : -0.02));
            setShare(next <= shown.min ? MIN_COLUMN_SHARE : next);
          }
          else if (e.key === 'Home') setShare(MIN_COLUMN_SHARE);
          else if (e.key === 'End') setShare(MAX_COLUMN_SHARE);
          else return;
          e.preventDefault();
        }}
      />
      <span className="pw-pane-title pw-annot-title">
        Findings
        <label className="pw-show-verified" title="Also show the computations the checker verified (computer algebra, not a model)">
          <input type="checkbox" checked={showVerified} onChange={(e) => useWorkbench.setState({ showVerified: e.target.checked })} data-testid="show-verified" />
          Verified computations
        </label>
      </span>
    </div>
  );
});

interface PreviewRowProps {
  index: number;
  kind: string;
  /** The block's text, shown if drawing it fails (BlockBoundary). */
  source: string;
  nodes: PreviewNode[];
  current: boolean;
  steps: StepFindings[] | undefined;
  samples: SampleVerdicts;
  /** The cursor's step when it is one of this row's (else undefined, so other rows' props stay equal). */
  currentStep: string | undefined;
}

/**
 * One preview block and, beside it, the findings of the steps that start in it. Memoised: a keystroke
 * re-renders the edited row (and rows whose offset, "current" state or findings changed), not every
 * row of the document — on a 460-line proof the whole list was rendered again on every key and every
 * cursor move. `nodes` is the cached tree of the block's text, so equal text means an equal object.
 * The block's offset is not a prop: every key moves the offsets of all blocks below it, and each of
 * those rows (its findings cards included) was rendered again for it; `data-block-start` is written by
 * PreviewPane (useBlockStarts).
 */
const PreviewRow = memo(function PreviewRow({ index, kind, source, nodes, current, steps, samples, currentStep }: PreviewRowProps) {
  const worst = steps?.find((s) => s.worst)?.worst;
  return (
    <div className="pw-preview-row">
      <div
        className={`pw-preview-block pw-kind-${kind}${current ? ' pw-current' : ''}${worst ? ` pw-flagged pw-worst-${worst}` : ''}`}
        data-block-index={index}
        data-testid="preview-block"
      >
        <BlockBoundary source={source}><PreviewContent nodes={nodes} /></BlockBoundary>
      </div>
      <div className="pw-annotation-cell" data-testid="annotation-cell">
        {steps?.map((f) => <StepCard key={f.step.id} findings={f} samples={samples} current={f.step.id === currentStep} />)}
      </div>
    </div>
  );
});

/**
 * Where `row` starts in `scroller`'s content, in CSS px. Not `row.offsetTop`: that is relative to the
 * nearest positioned ancestor (the split pane, above the preview's header), so it was off by the
 * header's height and the sync landed one short block too far on some font metrics.
 */
function topInScroller(scroller: HTMLElement, row: HTMLElement): number {
  return row.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
}

/** The index of the first of `rows` (in document order) whose bottom is below `y` (rows.length if none). */
function firstRowBelow(rows: readonly HTMLElement[], y: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].getBoundingClientRect().bottom <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The source range of the rows `scroller` shows (binary search over `rows`, its blockElements, which
 * are in document order): the preview typesets them first.
 */
function rowsOnScreen(scroller: HTMLElement, blocks: readonly { start: number; end: number }[], rows: readonly HTMLElement[]): { start: number; end: number } | null {
  if (rows.length === 0) return null;
  const view = scroller.getBoundingClientRect();
  const first = Math.min(firstRowBelow(rows, view.top), rows.length - 1);
  const last = Math.min(Math.max(first, firstRowBelow(rows, view.bottom)), rows.length - 1);
  const a = blocks[first];
  const b = blocks[last];
  return a && b ? { start: a.start, end: b.end } : null;
}
