// The iframe's document (variants B and C of bench/latency-split.ts): the preview, fed by the main
// page's messages. Only messages from the parent page's origin (`?parent=`) are taken.
import type { FromPreview, ToPreview } from './messages';
import { createPreview } from './preview';

const parent = new URLSearchParams(location.search).get('parent') ?? '';
const handle = createPreview(document.getElementById('root')!);
window.addEventListener('message', (event: MessageEvent<ToPreview>) => {
  if (event.origin !== parent || event.source !== window.parent) return;
  if (event.data.kind === 'clock') {
    const answer: FromPreview = { kind: 'clock', id: event.data.id, t: performance.timeOrigin + performance.now() };
    window.parent.postMessage(answer, parent);
    return;
  }
  handle(event.data);
});
