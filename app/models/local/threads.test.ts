import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { measureCpuLoad, otherProcessesLoad } from './threads';

const SPIN = 'const end = Date.now() + 3000; while (Date.now() < end) {}';

describe('otherProcessesLoad', () => {
  it('counts a core another process keeps busy', async () => {
    const child = spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // let it start spinning
      // Other test workers can only add to it; the spinning child alone is ~1 core.
      expect(await otherProcessesLoad(500)).toBeGreaterThan(0.5);
    } finally {
      child.kill();
    }
  });

  it('leaves out this process’s own threads', async () => {
    const worker = new Worker(SPIN, { eval: true });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const load = await measureCpuLoad(500);
      // Our worker spun during the window (how much depends on the machine's load: > 0 is what holds)...
      expect(load.own).toBeGreaterThan(0.02);
      expect(load.machine).toBeGreaterThanOrEqual(load.own - 0.1); // ...the machine saw it...
      expect(load.others).toBeCloseTo(Math.max(0, load.machine - load.own), 5); // ...and it is not "others"
    } finally {
      await worker.terminate();
    }
  });
});
