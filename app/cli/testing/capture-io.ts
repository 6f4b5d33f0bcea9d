// A CliIO that captures output, for running `main()` in-process in tests on real files in `cwd`.
import type { CliIO } from '../io';

export type CapturedIO = CliIO & { out: string; err: string };

export function captureIO(cwd: string, env: Record<string, string | undefined> = {}): CapturedIO {
  const captured = { out: '', err: '' };
  return Object.assign(captured, {
    stdout: (t: string) => void (captured.out += t),
    stderr: (t: string) => void (captured.err += t),
    stderrIsTTY: false,
    cwd,
    env,
  });
}
