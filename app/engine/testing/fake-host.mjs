// A stand-in engine host for the lifecycle tests (lifecycle.test.ts): a real child process that
// speaks the host's notices. FAKE_HOST_PLAN is a comma-separated behaviour per generation (the last
// one repeats): `ready` (announce, then wait), `crash-after-ready` (announce, then exit 3),
// `segv` (announce, then die of SIGSEGV), `fatal` (report a fatal error, exit 2),
// `deaf` (announce, ignore the shutdown request).
const plan = (process.env.FAKE_HOST_PLAN ?? 'ready').split(',');
const generation = Number(process.env.PROOFWRIGHT_GENERATION ?? 0);
const mode = plan[Math.min(generation, plan.length - 1)];

if (mode === 'fatal') {
  process.send({ type: 'fatal', message: 'no workspace here' });
  setTimeout(() => process.exit(2), 20);
} else {
  process.send({ type: 'ready', pid: process.pid });
  process.on('message', (message) => {
    if (message?.type === 'shutdown' && mode !== 'deaf') process.exit(0);
  });
  if (mode === 'crash-after-ready') setTimeout(() => process.exit(3), 20);
  if (mode === 'segv') setTimeout(() => process.kill(process.pid, 'SIGSEGV'), 20);
  setInterval(() => undefined, 1 << 30);
}
