// The progress line on stderr: calls done / planned and elapsed time. Redrawn in place on a terminal,
// one line per change otherwise (--progress into a file or pipe).
import type { BatchProgress } from '../batch/batch';
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

  /** Batch progress: proofs done / total, reused from earlier runs, and the estimated time left. */
  batch(progress: BatchProgress): void {
    const reused = progress.reused ? `, ${progress.reused} from earlier runs` : '';
    const failed = progress.failed ? `, ${progress.failed} failed` : '';
    const eta = progress.etaMs !== null ? ` · ETA ${Math.ceil(progress.etaMs / 1000)}s` : '';
    this.write(`${this.label}: ${progress.done}/${progress.total} proofs${reused}${failed} · ${this.elapsed()}s${eta}`);
  }

  private elapsed(): string {
    return ((Date.now() - this.started) / 1000).toFixed(1);
  }

  private draw(): void {
    const failed = this.failed ? `, ${this.failed} failed` : '';
    this.write(`${this.label}: ${this.done}/${this.planned} calls${failed} · ${this.elapsed()}s`);
  }

  private write(line: string): void {
    if (this.io.stderrIsTTY) this.io.stderr(`\r\x1b[K${line}`);
    else if (line !== this.lastLine) this.io.stderr(line + '\n');
    this.lastLine = line;
  }

  /** End the line (terminal) before other output follows. */
  finish(): void {
    if (this.io.stderrIsTTY && this.lastLine) this.io.stderr('\n');
  }
}
