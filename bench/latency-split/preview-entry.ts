// The iframe's document (the iframe variants of bench/latency-split.ts): the preview, fed by the main
// page's messages, by window.postMessage or (`-port` variants) on a MessagePort the main page transfers
// once. Only messages from the parent page's origin (`?parent=`) are taken.
import type { FromPreview, ToPreview } from './messages';
import { createPreview } from './preview';

const parent = new URLSearchParams(location.search).get('parent') ?? '';
const handle = createPreview(document.getElementById('root')!);

function dispatch(message: ToPreview, reply: (answer: FromPreview) => void): void {
  if (message.kind === 'clock') reply({ kind: 'clock', id: message.id, t: performance.timeOrigin + performance.now() });
  else handle(message);
}

window.addEventListener('message', (event: MessageEvent<ToPreview | { kind: 'port' }>) => {
  if (event.origin !== parent || event.source !== window.parent) return;
  if (event.data.kind === 'port') {
    const port = event.ports[0];
    port.onmessage = (e: MessageEvent<ToPreview>) => dispatch(e.data, (answer) => port.postMessage(answer));
    return;
  }
  dispatch(event.data, (answer) => window.parent.postMessage(answer, parent));
});
