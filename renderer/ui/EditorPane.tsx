// The proof editor: Monaco with the LaTeX-in-Markdown language, annotations as markers (squiggle,
// hover, overview ruler, F8) plus gutter glyphs, KaTeX errors as markers, \begin/\end matching.
import { useEffect, useRef, useState } from 'react';
import type { Annotation, Severity } from '../../app/common/annotations';
import type { TextEdit } from '../../app/common/text';
import { setEditorBridge } from '../editor/bridge';
import { environmentPairAt } from '../editor/envMatch';
import { LANGUAGE_ID } from '../editor/latexLanguage';
import { limitBracketColorsOnLongLines } from '../editor/longLines';
import { wrapMarkerPeek } from '../editor/markerPeek';
import { monaco, setupMonaco } from '../editor/monacoSetup';
import { EDITOR_OPTIONS } from '../editor/options';
import { suggestInPalette } from '../editor/paletteOrder';
import { nonBlankSpan, REVEAL_SOURCE, selectionIsUsers, verifyScope } from '../editor/verifySelection';
import { warmTyping } from '../editor/warmTyping';
import { anchorOf, clusterFindings, describeCluster, SEVERITY_LABEL, verifierSamples, wholeProofAnchor } from '../state/annotationsView';
import { editorChanged, isSynced, notify, takeTypedAhead, useDisplayedAnnotations, useWorkbench } from '../state/store';
import { APP_COMMANDS } from './desktopCommands';
import { onScrollRequest, publishScroll, setOnScreen, topLine, userScrolls } from './scrollSync';
import { whenIdle } from './idle';
import { useEffectiveTheme } from './theme';

const MARKER_SEVERITY: Record<Severity, monaco.MarkerSeverity> = {
  critical: monaco.MarkerSeverity.Error,
  gap: monaco.MarkerSeverity.Warning,
  minor: monaco.MarkerSeverity.Info,
  note: monaco.MarkerSeverity.Hint,
  ok: monaco.MarkerSeverity.Hint,
};

const RULER_COLOR: Record<Severity, string> = {
  critical: '#e51400', gap: '#bf8803', minor: '#1a85ff', note: '#888888', ok: '#388a34',
};

function annotationMarkers(model: monaco.editor.ITextModel, annotations: Annotation[], hidden: Set<string>) {
  const state = useWorkbench.getState();
  const markers: monaco.editor.IMarkerData[] = [];
  const decorations: monaco.editor.IModelDeltaDecoration[] = [];
  const glyphLines = new Map<number, Severity>();
  const rank = (s: Severity) => ['critical', 'gap', 'minor', 'note', 'ok'].indexOf(s);
  const samples = verifierSamples(state.verify, annotations);
  let firstWord: { start: number; end: number } | undefined;
  // One marker per finding, however many samples stated it: the hover and F8 show it once, "k of m".
  for (const cluster of clusterFindings(annotations.filter((a) => !hidden.has(a.id) && a.severity !== 'ok'))) {
    const a = { ...cluster.lead, stale: cluster.members.every((m) => m.stale) };
    const anchor = anchorOf(a, state.doc);
    if (!anchor) {
      // A finding placed on no step is listed in Problems: marked on the first word too, so F8 reaches
      // it and its "k of n" counts what Problems counts (the reviewer's "1 of 1 problem" beside
      // "Problems (3)"). No glyph: the first line is not what it is about. A stale one (its step's text
      // gone) is not drawn: it has no place in this text.
      if (a.stale) continue;
      firstWord ??= wholeProofAnchor(model.getValue());
      const start = model.getPositionAt(firstWord.start);
      const end = model.getPositionAt(firstWord.end);
      markers.push({
        severity: MARKER_SEVERITY[a.severity],
        message: `${SEVERITY_LABEL[a.severity]} about the whole proof (placed on no step): ${a.message}\n${describeCluster(cluster, samples)}`,
        source: 'Proofwright',
        startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column,
      });
      continue;
    }
    const start = model.getPositionAt(anchor.start);
    // A step-level finding marks the step's first line; a quoted one its exact range.
    const end = a.range ? model.getPositionAt(Math.max(anchor.end, anchor.start + 1)) : new monaco.Position(start.lineNumber, model.getLineMaxColumn(start.lineNumber));
    markers.push({
      severity: a.stale ? monaco.MarkerSeverity.Hint : MARKER_SEVERITY[a.severity],
      message: `${SEVERITY_LABEL[a.severity]}${a.stale ? ' (stale: the text changed since)' : ''}: ${a.message}\n${describeCluster(cluster, samples)}`,
      source: 'Proofwright',
      startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column,
      tags: a.stale ? [monaco.MarkerTag.Unnecessary] : undefined,
    });
    const prev = glyphLines.get(start.lineNumber);
    if (!a.stale && (prev === undefined || rank(a.severity) < rank(prev))) glyphLines.set(start.lineNumber, a.severity);
  }
  for (const [line, severity] of glyphLines) {
    decorations.push({
      range: new monaco.Range(line, 1, line, 1),
      options: {
        glyphMarginClassName: `pw-glyph pw-glyph-${severity}`,
        glyphMarginHoverMessage: { value: SEVERITY_LABEL[severity] },
        overviewRuler: { color: RULER_COLOR[severity], position: monaco.editor.OverviewRulerLane.Left },
        stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
      },
    });
  }
  return { markers, decorations };
}

/** Monaco's change list, as TextEdits that apply one after another (highest offset first). */
function toEdits(changes: readonly monaco.editor.IModelContentChange[]): TextEdit[] {
  return [...changes]
    .sort((a, b) => b.rangeOffset - a.rangeOffset)
    .map((c) => ({ start: c.rangeOffset, end: c.rangeOffset + c.rangeLength, text: c.text }));
}

export function EditorPane() {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  // 'entered': the editor was reached with Tab and Tab moves on until the user types or clicks in it.
  const [tabMovesFocus, setTabMovesFocus] = useState<boolean | 'entered'>(false);
  const loading = useRef(false);
  /**
   * The source offset of the top line the editor last sent to the preview (null: send the next one).
   * Typing makes Monaco reveal the caret, which can move the editor a few pixels with the same top
   * line; the preview then re-aligned to the same row, forcing page layouts in the key's task and the
   * next 3 frames (issue 11). Cleared when the preview moves the editor or a document is loaded.
   */
  const publishedTop = useRef<number | null>(null);
  const theme = useEffectiveTheme();
  const loadNonce = useWorkbench((s) => s.loadNonce);
  const annotations = useDisplayedAnnotations();
  const doc = useWorkbench((s) => s.doc);
  const dismissed = useWorkbench((s) => s.dismissed);
  const resolved = useWorkbench((s) => s.resolved);
  const previewErrors = useWorkbench((s) => s.previewErrors);
  // The checker's findings describe this version of the text (see the annotations effect).
  const checkerCurrent = useWorkbench((s) => s.checkerAnnotations.length === 0 || s.checkerVersion === s.docVersion);

  useEffect(() => {
    setupMonaco();
    const model = monaco.editor.createModel(useWorkbench.getState().initialText, LANGUAGE_ID);
    const editor = monaco.editor.create(host.current!, {
      model,
      theme: theme === 'dark' ? 'pw-dark' : 'pw-light',
      ...EDITOR_OPTIONS,
    });
    editorRef.current = editor;
    wrapMarkerPeek(editor);
    const envDecorations = editor.createDecorationsCollection();
    /**
     * A keyboard user walking the page with Tab came into the editor and every further Tab indented the
     * proof (rev14 walk, item 3). As VS Code does for focus that arrives by Tab: Monaco's Tab-moves-focus
     * mode is on while the editor was entered with Tab (Tab and Shift+Tab go on to the next control), until
     * the user types a key other than Tab or clicks in the editor; then Tab indents again. Ctrl+M's own
     * choice (tabFocusMode on for good) is not touched: `entered` is only set over a mode that was off.
     */
    let entered = false;
    const tabFocus = () => setTabMovesFocus(entered ? 'entered' : editor.getOption(monaco.editor.EditorOption.tabFocusMode));
    tabFocus();
    const endEntered = () => {
      if (!entered) return;
      entered = false;
      editor.updateOptions({ tabFocusMode: false });
      tabFocus();
    };
    // A Tab is down while focus moves: the editor is being entered with it (its default action moves focus before the keyup).
    let tabDown = false;
    const onKeyDown = (e: KeyboardEvent) => { tabDown = e.key === 'Tab'; };
    const onKeyUp = (e: KeyboardEvent) => { if (e.key === 'Tab') tabDown = false; };
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('keyup', onKeyUp, true);

    const subs: monaco.IDisposable[] = [limitBracketColorsOnLongLines(model)];
    subs.push(model.onDidChangeContent((e) => {
      if (loading.current) return;
      editorChanged(toEdits(e.changes), model.getValue());
    }));
    subs.push(editor.onDidChangeConfiguration((e) => {
      if (e.hasChanged(monaco.editor.EditorOption.tabFocusMode)) tabFocus();
    }));
    subs.push({ dispose: () => { window.removeEventListener('keydown', onKeyDown, true); window.removeEventListener('keyup', onKeyUp, true); } });
    subs.push(editor.onDidFocusEditorText(() => {
      if (!tabDown || entered || editor.getOption(monaco.editor.EditorOption.tabFocusMode)) return;
      entered = true;
      editor.updateOptions({ tabFocusMode: true });
      tabFocus();
    }));
    subs.push(editor.onDidBlurEditorText(endEntered));
    subs.push(editor.onMouseDown(endEntered));
    subs.push(editor.onKeyDown((e) => {
      // Tab and Shift+Tab move on; a modifier alone, Escape or a shortcut (Ctrl+M decides for itself) is
      // not typing. Any other key is; a paste ends it through the text's change below.
      if (!entered || e.ctrlKey || e.metaKey || e.altKey || ['Tab', 'Shift', 'Control', 'Alt', 'Meta', 'Escape'].includes(e.browserEvent.key)) return;
      endEntered();
    }));
    subs.push(model.onDidChangeContent(() => { if (!loading.current) endEntered(); }));
    // The selection Verify checks (the toolbar's label says which): the user's, not one Find/Replace left.
    let usersSelection = true;
    const findController = () => editor.getContribution<monaco.editor.IEditorContribution & { getState(): { isRevealed: boolean } }>('editor.contrib.findController');
    // The text's non-blank span, read once per version of the text (a selection that covers it is the whole proof).
    let content = { version: -1, span: null as { start: number; end: number } | null };
    const contentSpan = () => {
      const version = model.getAlternativeVersionId();
      if (content.version !== version) content = { version, span: nonBlankSpan(model.getValue()) };
      return content.span;
    };
    subs.push(editor.onDidChangeCursorSelection((e) => {
      usersSelection = selectionIsUsers(e.source, findController()?.getState().isRevealed ?? false, usersSelection);
      const sel = e.selection;
      const range = usersSelection && !sel.isEmpty()
        ? verifyScope({ start: model.getOffsetAt(sel.getStartPosition()), end: model.getOffsetAt(sel.getEndPosition()) }, contentSpan())
        : null;
      const now = useWorkbench.getState().verifySelection;
      if (range?.start !== now?.start || range?.end !== now?.end) useWorkbench.setState({ verifySelection: range });
    }));
    subs.push(editor.onDidChangeCursorPosition((e) => {
      const offset = model.getOffsetAt(e.position);
      useWorkbench.setState({ cursorOffset: offset });
      // A pair is only found with the cursor on a \begin or \end tag: on any other line (most keys)
      // the whole text is neither copied nor scanned.
      const line = model.getLineContent(e.position.lineNumber);
      const pair = /\\(begin|end)\{/.test(line) ? environmentPairAt(model.getValue(), offset) : null;
      if (!pair && envDecorations.length === 0) return;
      envDecorations.set(pair ? [pair.begin, pair.end].map((r) => ({
        range: monaco.Range.fromPositions(model.getPositionAt(r.start), model.getPositionAt(r.end)),
        options: { inlineClassName: 'pw-env-match' },
      })) : []);
    }));
    subs.push(editor.onDidScrollChange((e) => {
      if (!e.scrollTopChanged) return;
      const start = model.getOffsetAt({ lineNumber: topLine(editor), column: 1 });
      const last = topLine(editor, editor.getLayoutInfo().height);
      setOnScreen('editor', { start, end: model.getOffsetAt({ lineNumber: last, column: model.getLineMaxColumn(last) }) });
      if (start === publishedTop.current) return;
      publishedTop.current = publishScroll('editor', start) ? start : null;
    }));
    // The user's own input on the editor makes it lead the scroll sync (scrollSync.userScrolls).
    const node = editor.getDomNode()!;
    const leads = () => userScrolls('editor');
    const userEvents = ['wheel', 'pointerdown', 'keydown', 'touchstart'] as const;
    for (const type of userEvents) node.addEventListener(type, leads, { capture: true, passive: true });
    subs.push({ dispose: () => { for (const type of userEvents) node.removeEventListener(type, leads, { capture: true }); } });
    const offScroll = onScrollRequest('editor', (offset) => {
      publishedTop.current = null;
      const pos = model.getPositionAt(offset);
      editor.setScrollTop(editor.getTopForLineNumber(pos.lineNumber));
    });

    // The app's commands in the F1 palette ("Proofwright: Verify…"), the same list as the desktop menu.
    const KEYS: Record<string, number[]> = {
      verify: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      save: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS],
    };
    const paletteCommands = APP_COMMANDS.filter((command) => command.palette !== false);
    // Above Monaco's own commands in F1, as VS Code's "commonly used" group (paletteOrder.ts says why).
    suggestInPalette([...paletteCommands.map((command) => `proofwright.${command.id}`), 'proofwright.toggleTabFocus']);
    for (const command of paletteCommands) {
      subs.push(editor.addAction({
        id: `proofwright.${command.id}`, label: `Proofwright: ${command.label}`, keybindings: KEYS[command.id],
        run: () => Promise.resolve(command.run()).catch((error: Error) => notify(error.message, 'error')),
      }));
    }
    // Ctrl+M: Tab moves focus instead of indenting (Monaco's own toggle, kept on this editor's option
    // so the hint below always says which mode is on).
    subs.push(editor.addAction({
      id: 'proofwright.toggleTabFocus', label: 'Proofwright: Toggle Tab moves focus (Ctrl+M)',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyM],
      run: () => {
        if (entered) return endEntered(); // on only for the walk in: Ctrl+M turns it off, as for good
        editor.updateOptions({ tabFocusMode: !editor.getOption(monaco.editor.EditorOption.tabFocusMode) });
        tabFocus();
      },
    }));
    editor.addAction({
      id: 'proofwright.matchEnvironment', label: 'Go to matching \\begin/\\end',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyMod.Alt | monaco.KeyCode.Backslash],
      run: () => {
        const pos = editor.getPosition();
        if (!pos) return;
        const offset = model.getOffsetAt(pos);
        const pair = environmentPairAt(model.getValue(), offset);
        if (!pair) return;
        const target = offset <= pair.begin.end && offset >= pair.begin.start ? pair.end.start : pair.begin.start;
        editor.setPosition(model.getPositionAt(target));
        editor.revealPositionInCenterIfOutsideViewport(model.getPositionAt(target));
      },
    });

    // Monaco builds its keybinding table (every default binding, normalised) on the first key pressed
    // and resolves the language's configuration on the first character typed: a user's first key was
    // a long task (latency bench, key 0). Both are done at idle instead, once the actions above exist.
    const warmUp = whenIdle(() => {
      if (editor.getModel() !== model) return;
      (editor as unknown as { _standaloneKeybindingService?: { lookupKeybinding(id: string): unknown } })._standaloneKeybindingService?.lookupKeybinding('editor.action.commentLine');
      model.getWordAtPosition({ lineNumber: 1, column: 1 });
    });
    subs.push({ dispose: () => warmUp.cancel() });
    const warmKeys = warmTyping();
    subs.push({ dispose: () => warmKeys.cancel() });

    setEditorBridge({
      getText: () => model.getValue(),
      replaceAll: (text) => {
        editor.pushUndoStop();
        editor.executeEdits('proofwright', [{ range: model.getFullModelRange(), text }]);
        editor.pushUndoStop();
        closeMarkerPeek(editor);
      },
      applyEdits: (edits) => {
        editor.pushUndoStop();
        model.pushEditOperations(editor.getSelections(), edits.map((e) => ({
          range: monaco.Range.fromPositions(model.getPositionAt(e.start), model.getPositionAt(e.end)), text: e.text,
        })), () => null);
        editor.pushUndoStop();
      },
      applyRemoteEdits: (edits) => {
        if (edits.length === 0) return;
        editor.pushUndoStop();
        for (const e of edits) {
          model.pushEditOperations(editor.getSelections(), [{
            range: monaco.Range.fromPositions(model.getPositionAt(e.start), model.getPositionAt(e.end)), text: e.text,
          }], () => null);
        }
        editor.pushUndoStop();
      },
      reveal: (range, focus = true) => {
        const start = model.getPositionAt(range.start);
        const end = model.getPositionAt(range.end);
        // A jump's selection is the app's, not the user's (REVEAL_SOURCE): Verify still checks the whole proof.
        editor.setSelection(monaco.Range.fromPositions(start, start.lineNumber === end.lineNumber ? end : start), REVEAL_SOURCE);
        editor.revealRangeInCenterIfOutsideViewport(monaco.Range.fromPositions(start, end));
        if (focus) editor.focus();
      },
      focus: () => editor.focus(),
      runAction: (id) => editor.trigger('proofwright', id, null),
    });
    // Exposed for end-to-end tests (they read markers and drive the model like a user would).
    (window as unknown as { __pwEditor?: unknown }).__pwEditor = { editor, monaco };

    return () => {
      setEditorBridge(null);
      offScroll();
      setOnScreen('editor', null);
      subs.forEach((s) => s.dispose());
      editor.dispose();
      model.dispose();
    };
    // The editor is created once; theme and text updates have their own effects.
  }, []);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'pw-dark' : 'pw-light');
  }, [theme]);

  // A document (re)loaded from the engine replaces the editor's text without echoing it back.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || loadNonce === 0) return;
    const model = editor.getModel()!;
    const text = useWorkbench.getState().initialText;
    if (model.getValue() !== text) {
      loading.current = true;
      publishedTop.current = null;
      model.setValue(text);
      loading.current = false;
      closeMarkerPeek(editor);
    }
    // Keys the user typed while this document was opening (the Files dialog kept them): typed now, at
    // the caret, as Monaco types a key (one undo step; auto-closing and indentation as for typing),
    // and sent to the engine like any edit.
    const typed = takeTypedAhead();
    if (typed) editor.trigger('keyboard', 'type', { text: typed });
  }, [loadNonce]);

  // Annotations: only drawn when the engine's ranges describe the text on screen.
  const glyphs = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const lastDrawn = useRef('');
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const model = editor.getModel()!;
    if (!doc || doc.text !== model.getValue() || !isSynced()) return;
    // The engine's answer to a key comes first, the checker's findings for it next: drawn in between,
    // the checker's markers landed one key off (their offsets are the previous text's) and came back on
    // the push, two marker updates (and Monaco re-rendering every visible line twice) per key. Meanwhile
    // the markers drawn stay, moved with the edit by Monaco itself.
    if (!checkerCurrent) return;
    const hidden = new Set([...dismissed, ...resolved]);
    const { markers, decorations } = annotationMarkers(model, annotations, hidden);
    // Each edit's answer from the engine (and each check) comes here with, most often, the same
    // findings: setting equal markers again made Monaco re-render every visible line (issue 11).
    const drawn = JSON.stringify([markers, decorations.map((d) => [d.range, d.options.glyphMarginClassName])]);
    if (drawn === lastDrawn.current) return;
    lastDrawn.current = drawn;
    monaco.editor.setModelMarkers(model, 'proofwright', markers);
    glyphs.current ??= editor.createDecorationsCollection();
    glyphs.current.set(decorations);
  }, [annotations, doc, dismissed, resolved, checkerCurrent]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(model, 'katex', previewErrors.map((e) => {
      const start = model.getPositionAt(e.start);
      const end = model.getPositionAt(Math.max(e.end, e.start + 1));
      return {
        severity: monaco.MarkerSeverity.Error, message: `KaTeX: ${e.message}`, source: 'KaTeX',
        startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column,
      };
    }));
  }, [previewErrors]);

  return (
    <>
      <div ref={host} className="pw-editor" data-testid="editor" />
      {/* Tab indents in the editor; Monaco's Ctrl+M switches Tab to moving focus. Said where it happens. */}
      <div className="pw-editor-hint" data-testid="tab-hint" aria-live="polite">
        {tabMovesFocus === 'entered' ? 'Tab moves focus (you came in with Tab) · type or click here, and Tab indents'
          : tabMovesFocus ? 'Tab moves focus · Ctrl+M: Tab indents again' : 'Tab indents · Ctrl+M: Tab moves focus instead'}
        {' · F1: all commands'}
      </div>
    </>
  );
}

/**
 * Close Monaco's F8 peek (the marker navigation widget) when it is open: the text it is about was
 * replaced as a whole (a refinement accepted, a document loaded), and the peek stayed over the new
 * text with the old finding (reviewer: "Justification gap: The step 'Clearly…'" after Accept all).
 * Monaco keeps it open through a content change of the same model; only a model swap closes it.
 */
function closeMarkerPeek(editor: monaco.editor.IStandaloneCodeEditor): void {
  if (!editor.getDomNode()?.querySelector('.marker-widget')) return;
  editor.trigger('proofwright', 'closeMarkersNavigation', null);
}
