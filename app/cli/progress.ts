// The progress line on stderr: calls done / planned and elapsed time. Redrawn in place on a terminal,
// one line per change otherwise (--progress into a file or pipe).
import type { LoopEvent } from '../common/events';
import type { CliIO } from './io';

export class ProgressLine {
  private done = 0;
  private failed = 0;
  private planned = 0;
  private readonly started = Date.now();
  private lastLine = '';

  constructor(
    private readonly io: CliIO,
    private readonly label: string,
  ) {}

  update(event: LoopEvent): void {
    switch (event.type) {
      case 'run-started':
      case 'plan-changed':
        this.planned = event.plannedCalls;
        break;
      case 'call-finished':
        this.done++;
        break;
      case 'call-failed':
        this.done++;
        this.failed++;
        break;
      default:
        return;
    }
    this.draw();
  }

  private draw(): void {
    const elapsed = ((Date.now() - this.started) / 1000).toFixed(1);
    const failed = this.failed ? `, ${this.failed} failed` : '';
    const line = `${this.label}: ${this.done}/${this.planned} calls${failed} · ${elapsed}s`;
    if (this.io.stderrIsTTY) this.io.stderr(`\r\x1b[K${line}`);
    else if (line !== this.lastLine) this.io.stderr(line + '\n');
    this.lastLine = line;
  }

  /** End the line (terminal) before other output follows. */
  finish(): void {
    if (this.io.stderrIsTTY && this.lastLine) this.io.stderr('\n');
  }
}
