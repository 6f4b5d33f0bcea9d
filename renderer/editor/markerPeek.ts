// The F8 peek (Monaco's marker navigation widget) wraps long messages. Monaco lays a message out as
// one unwrapped line per '\n' and sizes the peek by that count: a finding's message ("The step
// 'Clearly, since …' is not justified …", often 200+ characters) ran off the right edge, to be read
// by scrolling the peek sideways. Here each peek's message wraps at the peek's width (styles.css:
// .marker-widget .descriptioncontainer) and the peek is as tall as the wrapped lines, up to what fits
// in the editor beside its line (and Monaco's own 17 lines); past that the message scrolls in the peek.
//
// Monaco has no option for this: the patch reaches the widget through the marker controller's
// private members (monaco-editor 0.54.0, pinned). If they are not found (another Monaco), nothing is
// patched and the peek stays as Monaco draws it.
import { monaco } from './monacoSetup';

/** The parts of Monaco's MessageWidget (gotoErrorWidget.js) this file uses. */
interface MessageWidget {
  _messageBlock: HTMLElement;
  _relatedBlock: HTMLElement;
  _scrollable: { setScrollDimensions(dimensions: { scrollWidth?: number; scrollHeight?: number }): void };
  _lines: number;
  update(marker: { message: string }): void;
  layout(height: number, width: number): void;
}

/** The parts of Monaco's MarkerNavigationWidget (a ZoneWidget) this file uses. */
interface PeekWidget {
  showAtMarker?: (...args: unknown[]) => void;
  _message?: MessageWidget;
  _relayout?: () => void;
  /** Where the peek is shown (ZoneWidget), undefined once closed. */
  position?: { lineNumber: number };
}

interface MarkerController {
  _widget?: PeekWidget;
  _getOrCreateModel?: (uri: unknown) => unknown;
}

/** Left + right padding of .descriptioncontainer (Monaco: 20 + 12 px) and its vertical scrollbar (6 px). */
const PADDING_PX = 38;

const patched = new WeakSet<object>();

/**
 * Lines `text` takes wrapped at `columns` characters (the message is in the editor's monospace font):
 * an estimate for before the peek is on the page, where it cannot be measured.
 */
export function wrappedLineCount(text: string, columns: number): number {
  const width = Math.max(1, Math.floor(columns));
  return text.split(/\r\n|\r|\n/).reduce((sum, line) => sum + Math.max(1, Math.ceil([...line].length / width)), 0);
}

/** Make this editor's F8 peeks wrap their messages (see the top of this file). */
export function wrapMarkerPeek(editor: monaco.editor.IStandaloneCodeEditor): void {
  const controller = editor.getContribution('editor.contrib.markerController') as unknown as MarkerController | null;
  const create = controller?._getOrCreateModel;
  if (!controller || typeof create !== 'function') return;
  controller._getOrCreateModel = (uri: unknown) => {
    const model = create.call(controller, uri);
    if (controller._widget) patchWidget(editor, controller._widget);
    return model;
  };
}

function patchWidget(editor: monaco.editor.IStandaloneCodeEditor, widget: PeekWidget): void {
  const message = widget._message;
  if (patched.has(widget) || !message || typeof message.update !== 'function' || typeof message.layout !== 'function'
    || !(message._messageBlock instanceof HTMLElement) || typeof widget._relayout !== 'function') return;
  patched.add(widget);
  const update = message.update.bind(message);
  const layout = message.layout.bind(message);
  let width = 0;
  let text = '';
  /** The message's height in lines, wrapped at the peek's width: measured once the peek is on the page, else estimated. */
  const fit = () => {
    const lineHeight = editor.getOption(monaco.editor.EditorOption.lineHeight);
    const container = message._messageBlock.parentElement;
    // Before the first layout: the width Monaco gives the peek (ZoneWidget._getWidth).
    const layoutInfo = editor.getLayoutInfo();
    const available = (width || layoutInfo.width - layoutInfo.minimap.minimapWidth - layoutInfo.verticalScrollbarWidth) - PADDING_PX;
    if (container && width > 0) container.style.width = `${Math.max(0, width - 6)}px`;
    const measured = message._messageBlock.isConnected ? message._messageBlock.offsetHeight + message._relatedBlock.offsetHeight : 0;
    const charWidth = editor.getOption(monaco.editor.EditorOption.fontInfo).typicalHalfwidthCharacterWidth || 8;
    const lines = measured > 0 ? Math.ceil(measured / lineHeight) : wrappedLineCount(text, available / charWidth);
    // The peek fits in the editor with its line (its title takes 3 lines, the finding's line up to ~3
    // wrapped, 2 to spare): a short editor (1280×720 with the run panel open) cut a taller peek at its
    // bottom edge. Lines past that scroll inside the peek.
    message._lines = Math.min(lines, Math.max(4, Math.floor(layoutInfo.height / lineHeight) - 8));
    // Nothing to scroll sideways any more; down, as far as the wrapped lines go.
    message._scrollable.setScrollDimensions({ scrollWidth: Math.max(0, width), scrollHeight: lines * lineHeight });
  };
  message.update = (marker) => {
    text = marker.message;
    update(marker);
    fit();
  };
  message.layout = (height, w) => {
    layout(height, w);
    width = w;
    const before = message._lines;
    fit();
    // The peek was sized for another count (an estimate, or the width changed): size it again, after
    // this layout has finished, and bring it into view as Monaco does when it shows one (its line and
    // the peek below it; it had revealed the peek at its first size, so a taller one ran off the bottom).
    if (message._lines !== before) queueMicrotask(() => {
      widget._relayout?.();
      reveal();
    });
  };
  /**
   * The peek's line and the peek below it in view, with as little scrolling as will do (what Monaco
   * means when it shows one). Monaco reveals it while showing it, then scrolls to put the line near the
   * top, and at 1280×720 with the run panel open the peek ended up below the editor's bottom edge.
   */
  const reveal = () => {
    const at = widget.position;
    const model = editor.getModel();
    if (!at || !model) return;
    // The peek is a view zone after its line: it ends where the next line starts (the content's end after the last line).
    const top = editor.getTopForLineNumber(at.lineNumber);
    const end = at.lineNumber < model.getLineCount() ? editor.getTopForLineNumber(at.lineNumber + 1) : editor.getScrollHeight();
    const height = editor.getLayoutInfo().height;
    const scrollTop = editor.getScrollTop();
    // Down just enough for the peek's bottom to show, never past the line it is about.
    if (end > scrollTop + height) editor.setScrollTop(Math.min(top, end - height), monaco.editor.ScrollType.Immediate);
    else if (top < scrollTop) editor.setScrollTop(top, monaco.editor.ScrollType.Immediate);
  };
  const show = widget.showAtMarker;
  if (typeof show === 'function') {
    widget.showAtMarker = (...args: unknown[]) => {
      show.apply(widget, args);
      // After Monaco's own scrolling for it (in this task) is done.
      requestAnimationFrame(reveal);
    };
  }
}
