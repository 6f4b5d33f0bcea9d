// The preview column of bench/latency-split/, from the REAL preview code: PreviewRenderer
// (renderer/preview/incremental.ts, sliced as the workbench's usePreview slices it) and PreviewContent
// (renderer/ui/PreviewNodes.tsx), in PreviewPane's markup (header, scroller, head row, one grid row per
// block with an empty findings cell) under the workbench's CSS. No store, engine or findings. The same
// code runs inline in the main page (variant A) and as the iframe's document (B, C).
import 'katex/dist/katex.min.css';
import '../../renderer/styles.css';
import { memo, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { blockAt } from '../../app/common/blocks';
import { formatOfText } from '../../app/common/tex/document';
import { PreviewRenderer, type PreviewState } from '../../renderer/preview/incremental';
import type { PreviewNode } from '../../renderer/preview/renderBlock';
import { PreviewContent } from '../../renderer/ui/PreviewNodes';
import { whenIdle } from '../../renderer/ui/idle';
import { useBlockStarts, useRowIds } from '../../renderer/ui/previewRows';
import type { ToPreview } from './messages';
import { installPreviewProbe } from './probe';

/** PreviewPane's PREVIEW_SLICE_MS. */
const SLICE_MS = 20;

/** The text and caret the preview shows: a tiny external store, read with useSyncExternalStore as the workbench reads its zustand store (a change renders in the same task, React's sync lane). */
function textStore() {
  let state = { text: '', caret: 0 };
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next: { text: string; caret: number }) { state = next; for (const l of listeners) l(); },
    subscribe(l: () => void) { listeners.add(l); return () => { listeners.delete(l); }; },
  };
}
type Store = ReturnType<typeof textStore>;

/** PreviewPane's usePreview without the workspace macros and screen ranges: slices, then prepareForEdits when idle. */
function usePreview(text: string): PreviewState {
  const renderer = useMemo(() => new PreviewRenderer(), []);
  const [round, setRound] = useState(0);
  const format = useMemo(() => formatOfText(text), [text]);
  // `round` asks for the next slice of the same text.
  const state = useMemo(() => renderer.update(text, {}, format, SLICE_MS, []), [text, renderer, round, format]);
  useEffect(() => {
    if (state.pending === 0) {
      const idle = whenIdle(() => renderer.prepareForEdits());
      return () => idle.cancel();
    }
    const timer = setTimeout(() => setRound((n) => n + 1), 0);
    return () => clearTimeout(timer);
  }, [state, renderer]);
  return state;
}

/** PreviewPane's PreviewRow with no findings: the block and an empty findings cell. */
const Row = memo(function Row({ index, kind, nodes, current }: { index: number; kind: string; nodes: PreviewNode[]; current: boolean }) {
  return (
    <div className="pw-preview-row">
      <div className={`pw-preview-block pw-kind-${kind}${current ? ' pw-current' : ''}`} data-block-index={index} data-testid="preview-block">
        <PreviewContent nodes={nodes} />
      </div>
      <div className="pw-annotation-cell" data-testid="annotation-cell" />
    </div>
  );
});

function Preview({ store, scroller }: { store: Store; scroller: React.RefObject<HTMLDivElement | null> }) {
  const { text, caret } = useSyncExternalStore(store.subscribe, store.get);
  const preview = usePreview(text);
  const rowIds = useRowIds(preview.blocks);
  useBlockStarts(scroller, preview.blocks);
  const current = blockAt(preview.blocks, caret);
  return (
    // PreviewPane's markup, the findings column at its default share (34%, at least 200 px).
    <div className="pw-preview-pane" style={{ ['--annot-width' as string]: 'max(200px, 34.0%)' }}>
      <div className="pw-preview-header">
        <span className="pw-pane-title">Preview</span>
        <div className="pw-column-handle" role="separator" aria-orientation="vertical" tabIndex={0} />
        <span className="pw-pane-title pw-annot-title">Findings</span>
      </div>
      <div ref={scroller} className="pw-preview-scroll" data-testid="preview">
        <div className="pw-preview-grid">
          <div className="pw-preview-row pw-preview-head" data-testid="preview-head">
            <div className="pw-preview-block pw-preview-top" />
            <div className="pw-annotation-cell pw-preview-top"><div className="pw-doc-score pw-muted">Not verified yet — Ctrl+Enter</div></div>
          </div>
          {preview.blocks.map((block, i) => (
            <Row key={rowIds[i]} index={i} kind={block.kind} nodes={block.rendered.nodes} current={i === current} />
          ))}
        </div>
      </div>
    </div>
  );
}

/**
 * Mounts the preview in `root` and returns the handler of the main page's messages. Edits are applied
 * to the preview's own copy of the text (the iframe variants); `text` replaces it.
 */
export function createPreview(root: HTMLElement): (message: ToPreview) => void {
  const store = textStore();
  const scroller: React.RefObject<HTMLDivElement | null> = { current: null };
  let probe: ReturnType<typeof installPreviewProbe> | null = null;
  createRoot(root).render(<Preview store={store} scroller={scroller} />);
  const handle = (message: ToPreview): void => {
    // The probe needs the scroller, which exists after React's first commit.
    if (!probe && scroller.current) probe = installPreviewProbe(scroller.current, () => store.get().text);
    switch (message.kind) {
      case 'text':
        probe?.arrived();
        store.set({ text: message.text, caret: message.caret });
        break;
      case 'edit': {
        probe?.arrived();
        let text = store.get().text;
        for (const e of message.edits) text = text.slice(0, e.offset) + e.inserted + text.slice(e.offset + e.deleted);
        if (text.length !== message.length) throw new Error(`preview text out of step: ${text.length} characters, the editor has ${message.length}`);
        store.set({ text, caret: message.caret });
        break;
      }
      case 'key':
        probe?.expectKey(message.key, message.t0, message.expect);
        break;
      case 'reveal': {
        // Over a few frames, as PreviewPane's alignForFrames: rows coming on screen are laid out
        // (content-visibility) and take their real heights, which moves the target row.
        const marker = message.marker;
        let frames = 5;
        const align = () => {
          const el = scroller.current;
          const row = [...(el?.querySelectorAll<HTMLElement>('[data-block-index]') ?? [])].find((r) => r.textContent?.includes(marker));
          if (el && row) el.scrollTop += row.getBoundingClientRect().top - el.getBoundingClientRect().top - 8;
          if (--frames > 0) requestAnimationFrame(align);
        };
        requestAnimationFrame(align);
        break;
      }
      case 'clock':
        break;
    }
  };
  return handle;
}
