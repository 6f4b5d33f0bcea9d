// Server-sent events, reduced to what chat-completion streams use: the `data:` payload of each event.
// Follows the SSE line rules (\n, \r\n or \r line ends; `data:` with one optional space; several
// data lines joined by \n; comment lines starting with `:` ignored; an event ends at a blank line),
// and also yields a trailing event that the server closed without its blank line.
// Synchronous per chunk: a stream of thousands of small events costs no promise per event.

export class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private data: string[] = [];
  /** The previous chunk ended with \r: a leading \n in the next one belongs to that line end. */
  private pendingCr = false;

  /** Feeds bytes; returns the data of every event they complete. */
  push(chunk: Uint8Array): string[] {
    return this.consume(this.decoder.decode(chunk, { stream: true }), false);
  }

  /** End of stream: returns any event still open. */
  end(): string[] {
    return this.consume(this.decoder.decode(), true);
  }

  private consume(text: string, final: boolean): string[] {
    const events: string[] = [];
    let buffer = this.buffer + text;
    if (this.pendingCr && buffer.startsWith('\n')) buffer = buffer.slice(1);
    this.pendingCr = false;
    let start = 0;
    // The next \r is searched for only once it has been passed: most streams have none, and
    // re-scanning to the end for every line would be quadratic in the chunk size.
    let cr = buffer.indexOf('\r');
    for (;;) {
      const lf = buffer.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
      if (lf === -1 && cr === -1) break;
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      this.line(buffer.slice(start, end), events);
      start = end + 1;
      if (buffer[end] === '\r') {
        if (end + 1 < buffer.length) {
          if (buffer[end + 1] === '\n') start++;
        } else {
          this.pendingCr = true;
        }
      }
    }
    this.buffer = buffer.slice(start);
    if (final) {
      if (this.buffer) this.line(this.buffer, events);
      this.buffer = '';
      if (this.data.length > 0) events.push(this.data.join('\n'));
      this.data = [];
    }
    return events;
  }

  private line(line: string, events: string[]): void {
    if (line === '') {
      if (this.data.length > 0) events.push(this.data.join('\n'));
      this.data = [];
      return;
    }
    if (line.startsWith('data:')) {
      this.data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
    } else if (line === 'data') {
      this.data.push('');
    }
    // Comments (":…") and other fields (event, id, retry) carry nothing we use.
  }
}

/** Splits a byte stream into the data payloads of its SSE events. */
export async function* sseData(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const parser = new SseParser();
  for await (const chunk of body) yield* parser.push(chunk);
  yield* parser.end();
}
