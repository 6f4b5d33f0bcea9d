// The main page of bench/latency-split.ts: the proof editor exactly as bench/latency-floor/ builds it
// (Monaco with the workbench's language, themes and options) and the preview beside it, by `?variant=`:
//   inline — the preview in this document, fed the whole text (model.getValue()) from the model's
//            content-change event, as the workbench's EditorPane feeds its store (React renders it in
//            the key's task);
//   same   — the preview document in an iframe of this origin (same site: the same renderer process),
//            sent each change's edits ({offset, deleted, inserted}) by postMessage;
//   cross  — the same iframe document from the other loopback name (localhost ↔ 127.0.0.1: another
//            site, so site isolation gives it a renderer process of its own).
//   same-port, cross-port — as same and cross, the messages on a MessagePort transferred to the iframe
//            once (a direct pipe between the two renderers) instead of window.postMessage (which
//            Chromium routes through the browser process's UI thread between processes).
// Each keydown is sent to the preview too (its absolute time and the text its block must show), for
// the preview-paint probe (probe.ts) in the preview's document.
import { LANGUAGE_ID } from '../../renderer/editor/latexLanguage';
import { monaco, setupMonaco } from '../../renderer/editor/monacoSetup';
import { EDITOR_OPTIONS } from '../../renderer/editor/options';
import type { Edit, FromPreview, ToPreview } from './messages';
import { createPreview } from './preview';

type Variant = 'inline' | 'same' | 'cross' | 'same-port' | 'cross-port';
const params = new URLSearchParams(location.search);
const variant = (params.get('variant') ?? 'inline') as Variant;
const marker = params.get('marker') ?? '';

setupMonaco();
const model = monaco.editor.createModel('', LANGUAGE_ID);
const editor = monaco.editor.create(document.getElementById('editor')!, { ...EDITOR_OPTIONS, model, theme: 'pw-light' });

/** The other loopback name for the same server: a different site (scheme + host) from this page's. */
function otherSite(): string {
  const url = new URL(location.href);
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return url.origin;
}

// Clock check answers (see api.clockCheck), by window.postMessage or on the port.
const clockWaiters = new Map<number, (t: number) => void>();
function onAnswer(answer: FromPreview | undefined): void {
  if (answer?.kind === 'clock') clockWaiters.get(answer.id)?.(answer.t);
}

let send: (message: ToPreview) => void;
const right = document.getElementById('right')!;
if (variant === 'inline') {
  send = createPreview(right);
} else {
  const origin = variant.startsWith('same') ? location.origin : otherSite();
  const frame = document.createElement('iframe');
  frame.title = 'Preview';
  frame.src = `${origin}/preview.html?parent=${encodeURIComponent(location.origin)}`;
  if (variant.endsWith('-port')) {
    // Messages sent before the port reaches the iframe wait in it.
    const channel = new MessageChannel();
    frame.addEventListener('load', () => frame.contentWindow!.postMessage({ kind: 'port' }, origin, [channel.port2]), { once: true });
    channel.port1.onmessage = (event: MessageEvent<FromPreview>) => onAnswer(event.data);
    send = (message) => channel.port1.postMessage(message);
  } else {
    send = (message) => frame.contentWindow!.postMessage(message, origin);
  }
  right.append(frame);
}

let loading = false;
// Per key: keydown → Monaco's content-change event (where the edit is sent to the preview), ms.
const sent: number[] = [];
let lastKeyT0: number | null = null;
model.onDidChangeContent((e) => {
  if (loading) return;
  if (lastKeyT0 !== null) { sent[keys - 1] = performance.timeOrigin + performance.now() - lastKeyT0; lastKeyT0 = null; }
  const caret = e.changes.reduce((end, c) => Math.max(end, c.rangeOffset + c.text.length), 0);
  if (variant === 'inline') { send({ kind: 'text', text: model.getValue(), caret }); return; }
  // EditorPane's toEdits: highest offset first, so they apply one after another.
  const edits: Edit[] = [...e.changes].sort((a, b) => b.rangeOffset - a.rangeOffset).map((c) => ({ offset: c.rangeOffset, deleted: c.rangeLength, inserted: c.text }));
  send({ kind: 'edit', edits, caret, length: model.getValueLength() });
});

// Keys: the keydown's absolute time goes to the preview's probe, before the edit it makes.
let typed = '';
let keys = 0;
window.addEventListener('keydown', (e) => {
  if (e.key.length !== 1) return;
  typed += e.key;
  lastKeyT0 = performance.timeOrigin + e.timeStamp;
  send({ kind: 'key', key: keys++, t0: performance.timeOrigin + e.timeStamp, expect: marker + typed });
}, { capture: true });

// Clock check: round trips to the preview's document; its time must fall between sending and answer.
window.addEventListener('message', (event: MessageEvent<FromPreview>) => onAnswer(event.data));

/** The page's handles for the runner (bench/latency-split.ts); `__pwEditor` as the workbench's (latency-setup.ts's caretAfterMarker uses it). */
const api = {
  variant,
  sent,
  /** Loads `text` into the editor and the preview. */
  load(text: string) {
    loading = true;
    editor.setValue(text);
    loading = false;
    send({ kind: 'text', text, caret: 0 });
  },
  reveal() { send({ kind: 'reveal', marker }); },
  /**
   * `n` round trips: the preview document's clock minus this one's lies in [lo, hi] ms (each answer's
   * time t must lie between its sending t1 and its arrival t3 on one clock: skew in [t − t3, t − t1]).
   */
  async clockCheck(n: number): Promise<{ lo: number; hi: number; rtt: number[] }> {
    if (variant === 'inline') return { lo: 0, hi: 0, rtt: [] };
    let lo = -Infinity;
    let hi = Infinity;
    const rtt: number[] = [];
    for (let id = 0; id < n; id++) {
      const t1 = performance.timeOrigin + performance.now();
      const t = await new Promise<number>((resolve) => { clockWaiters.set(id, resolve); send({ kind: 'clock', id }); });
      const t3 = performance.timeOrigin + performance.now();
      rtt.push(t3 - t1);
      lo = Math.max(lo, t - t3);
      hi = Math.min(hi, t - t1);
    }
    return { lo, hi, rtt };
  },
  /** Keeps this document's thread busy for `ms` (the out-of-process check); returns the absolute [start, end]. */
  busy(ms: number): [number, number] {
    const start = performance.timeOrigin + performance.now();
    while (performance.timeOrigin + performance.now() - start < ms) { /* busy */ }
    return [start, performance.timeOrigin + performance.now()];
  },
};
Object.assign(window, { __pwEditor: { editor, monaco }, __pwSplit: api });
