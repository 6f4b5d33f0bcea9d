// Server-sent events, reduced to what chat-completion streams use: the `data:` payload of each event.
// Follows the SSE line rules (\n, \r\n or \r line ends; `data:` with one optional space; several
// data lines joined by \n; comment lines starting with `:` ignored; an event ends at a blank line),
// and also yields a trailing event that the server closed without its blank line.

/** Splits a byte stream into the data payloads of its SSE events. */
export async function* sseData(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let sawCarriageReturn = false;

  function* takeLines(final: boolean): Generator<string> {
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const ch = buffer[i];
      if (ch === '\n' && sawCarriageReturn && i === start) {
        // The \n of a \r\n pair whose \r ended the previous line.
        start = i + 1;
        sawCarriageReturn = false;
        continue;
      }
      sawCarriageReturn = false;
      if (ch === '\n' || ch === '\r') {
        yield buffer.slice(start, i);
        sawCarriageReturn = ch === '\r';
        start = i + 1;
      }
    }
    buffer = buffer.slice(start);
    if (final && buffer.length > 0) {
      yield buffer;
      buffer = '';
    }
  }

  function* handle(line: string): Generator<string> {
    if (line === '') {
      if (data.length > 0) yield data.join('\n');
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') return;
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    data.push(value);
  }

  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (const line of takeLines(false)) yield* handle(line);
  }
  buffer += decoder.decode();
  for (const line of takeLines(true)) yield* handle(line);
  if (data.length > 0) yield data.join('\n');
}
