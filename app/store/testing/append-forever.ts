// Test helper run as a child process: creates a run and appends call records until it is killed.
// Prints "run <id>" once, then "appended <n>" after each durable append.
import { RunStore } from '../run-store';
import { fakeCall } from './fake-call';

const [workspace, bytesArg] = process.argv.slice(2);
const store = await RunStore.open(workspace);
const writer = await store.createRun({ kind: 'verify', params: { samples: 1000 }, backend: { spec: 'scripted:x.json', model: 'x' } });
process.stdout.write(`run ${writer.runId}\n`);
for (let n = 0; ; n++) {
  await writer.appendCall(fakeCall(n, Number(bytesArg)));
  process.stdout.write(`appended ${n + 1}\n`);
}
