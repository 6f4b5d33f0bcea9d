// Server-sent events, reduced to what chat-completion streams use: the `data:` payload of each event
// and whether it is an error. Follows the SSE line rules (\n, \r\n or \r line ends; `data:` with one
// optional space; several data lines joined by \n; comment lines starting with `:` ignored; an event
// ends at a blank line), and also yields a trailing event that the server closed without its blank line.
// Errors come two ways: the standard `event: error` field naming the event's type, and llama-server's
// non-standard `error: {…}` line (its server_sent_event for a failure), read as an error event's data.
// Synchronous per chunk: a stream of thousands of small events costs no promise per event.

/** One event: its data lines joined by \n, and `error` when the server marked it as an error. */
export interface SseEvent {
  data: string;
  error?: true;
}

export class SseParser {
  private readonly decoder = new TextDecoder();
  /**
   * The unfinished line, in the pieces it came in: a line that spans many reads (a proxy re-streaming a
   * whole answer as one event, megabytes long) is joined once, when its end comes, not on every read.
   */
  private pending: string[] = [];
  private data: string[] = [];
  private isError = false;
  /** The previous chunk ended with \r: a leading \n in the next one belongs to that line end. */
  private pendingCr = false;

  /** Feeds bytes; returns the data of every event they complete. */
  push(chunk: Uint8Array): SseEvent[] {
    return this.consume(this.decoder.decode(chunk, { stream: true }), false);
  }

  /** End of stream: returns any event still open. */
  end(): SseEvent[] {
    return this.consume(this.decoder.decode(), true);
  }

  private consume(text: string, final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    // pendingCr is set only when the previous text ended with \r, so nothing of that line is pending.
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    if (!final && !text.includes('\n') && !text.includes('\r')) {
      if (text) this.pending.push(text);
      return events;
    }
    const buffer = this.pending.length ? this.pending.join('') + text : text;
    this.pending = [];
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
    const rest = buffer.slice(start);
    if (final) {
      if (rest) this.line(rest, events);
      this.dispatch(events);
    } else if (rest) {
      this.pending.push(rest);
    }
    return events;
  }

  private dispatch(events: SseEvent[]): void {
    if (this.data.length > 0) events.push({ data: this.data.join('\n'), ...(this.isError ? { error: true as const } : {}) });
    this.data = [];
    this.isError = false;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') return this.dispatch(events);
    const field = /^(data|event|error)(?::|$)/.exec(line)?.[1];
    if (field === undefined) return; // comments (":…") and fields we do not use (id, retry)
    const value = line.length > field.length ? (line.charCodeAt(field.length + 1) === 32 ? line.slice(field.length + 2) : line.slice(field.length + 1)) : '';
    if (field === 'event') {
      this.isError = value.trim() === 'error';
    } else {
      if (field === 'error') this.isError = true;
      this.data.push(value);
    }
  }
}

/** Splits a byte stream into its SSE events. */
export async function* sseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  for await (const chunk of body) yield* parser.push(chunk);
  yield* parser.end();
}
