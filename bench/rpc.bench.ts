// The cost of the RPC contract on the hottest call: one keystroke (editDocument, one character) on a
// 400-line proof, through the contract (JSON both ways, arguments validated at the engine, result
// validated at the client) against the engine handler called directly, measured in the same run.
// Lower is better: ratio = through contract / direct. Run alone: `npx tsx bench/rpc.bench.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createChannelPair, createEngineClient, serveEngine } from '../app/common/contract';
import { syntheticProof } from '../app/proof/synthetic';
import { createEngineService } from '../app/engine/service';
import { median, type BenchResult } from './types';


export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-rpc-bench-'));
  const service = await createEngineService({ workspace: dir, userData: join(dir, 'user') });
  try {
    const [a, b] = createChannelPair();
    serveEngine(b, service.handlers);
    const engine = createEngineClient(a).engine;
    const doc = await engine.newDocument({});
    await engine.editDocument({ docId: doc.docId, edits: [{ start: 0, end: 0, text: syntheticProof(400) }] });
    const edit = { docId: doc.docId, edits: [{ start: 10, end: 10, text: 'x' }] };
    const direct: number[] = [];
    const contract: number[] = [];
    const reps = process.env.BENCH_QUICK === '1' ? 20 : 120;
    for (let rep = 0; rep < reps; rep++) {
      // Alternate the two sides so background load falls on both.
      let t = performance.now();
      await service.handlers.editDocument(edit);
      const d = performance.now() - t;
      t = performance.now();
      await engine.editDocument(edit);
      const c = performance.now() - t;
      if (rep < 10) continue;
      direct.push(d);
      contract.push(c);
    }
    const value = median(contract);
    const baseline = median(direct);
    return [
      {
        name: 'engine: editDocument through the RPC contract vs direct (400-line proof, one char)',
        value,
        unit: 'ms',
        baseline,
        ratio: value / baseline,
        note: 'contract = JSON both ways + zod validation of arguments and of the returned ProofDocument',
      },
    ];
  } finally {
    await service.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit} vs ${r.baseline.toFixed(2)} ${r.unit} direct (ratio ${r.ratio.toFixed(2)})`);
}
