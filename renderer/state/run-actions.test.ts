// After a run the UI shows what the run-finished event carries (the engine pushes it, validated by the
// contract's schema): no re-fetch of the document, the history or the run. And a model choice is
// saved once, by the engine.
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../app/common/annotations';
import { LoopEventSchema, type EngineApi, type RunSummary } from '../../app/common/contract';
import type { LoopEvent } from '../../app/common/events';
import type { ProofDocument } from '../../app/common/proof';
import type { Candidate, VerifyResult } from '../../app/common/results';
import { NO_PROBLEM_WARNING } from '../../app/common/noVerdict';
import { applyLoopEvent, setBackend, startProve, startRefine, startVerify, unverifiedState, useWorkbench } from './store';
import type { RunView } from './runs';

const text = 'We prove it.\n\nIt holds.';
const doc: ProofDocument = { format: 'markdown', text, body: { start: 0, end: text.length }, steps: [] };
const finding: Annotation = {
  id: 'r1:verifier:0:0', stepId: null, severity: 'gap', message: 'the second step is not justified',
  mappedBy: 'none', provenance: { source: 'verifier', runId: 'r1', sample: 0, verdict: 'unchecked' },
};
const verify: VerifyResult = { runId: 'r1', score: 0.5, spread: null, parsedSamples: 1, samples: [], steps: [], documentAnnotations: [finding] };
const summary = (runId: string, kind: RunSummary['kind'], startedAt: number): RunSummary => ({
  runId, kind, path: 'proofs/a.md', startedAt, finishedAt: null, status: 'completed', calls: 1, score: 0.5, model: 'scripted',
});

/** An engine that fails every call: the UI must not need one after a run. */
function engineThatRefuses(calls: string[]): EngineApi {
  return new Proxy({}, {
    get: (_, name) => async () => {
      calls.push(String(name));
      throw new Error(`unexpected call to ${String(name)}`);
    },
  }) as EngineApi;
}

function open(calls: string[], history: RunSummary[] = []) {
  useWorkbench.setState({
    engine: engineThatRefuses(calls), docId: 'd1', path: 'proofs/a.md', text, doc, docVersion: 3, annotations: [], history,
    run: null, review: null, verify: null, notice: null,
  });
}

/** A run the panel follows, still going. */
const running = (runId: string, kind: 'verify' | 'refine'): RunView => ({
  runId, kind, status: 'running', plannedCalls: 1, doneCalls: 0, failedCalls: 0, failureReasons: [], adaptations: [], startedAt: 1, finishedAt: null,
  streamedTokens: 0, completionTokens: 0, activeCallId: null, activeRole: null, activeLabel: '', streamText: '', streamReasoning: '', candidates: [], scores: [],
});

/** Through the contract's schema, as the client endpoint does. */
const finished = (event: Extract<LoopEvent, { type: 'run-finished' }>) => applyLoopEvent(LoopEventSchema.parse(event));

describe('run-finished', () => {
  it('shows the pushed findings, score and history entry without asking the engine', () => {
    const calls: string[] = [];
    const older = summary('r0', 'verify', 1);
    open(calls, [older]);
    finished({ type: 'run-finished', runId: 'r1', status: 'completed', verify, document: { docId: 'd1', version: 3, annotations: [finding] }, run: summary('r1', 'verify', 2), at: 2 });
    const state = useWorkbench.getState();
    expect(state.annotations).toEqual([finding]);
    expect(state.verify?.score).toBe(0.5);
    expect(state.history.map((r) => r.runId)).toEqual(['r1', 'r0']);
    expect(calls).toEqual([]);
  });

  it('keeps the findings on screen when the pushed ones are about an older version of the text', () => {
    const calls: string[] = [];
    open(calls);
    finished({ type: 'run-finished', runId: 'r1', status: 'completed', verify, document: { docId: 'd1', version: 2, annotations: [finding] }, at: 2 });
    expect(useWorkbench.getState().annotations).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('opens the review of a refinement from the event, and lists only runs of the open document', () => {
    const calls: string[] = [];
    open(calls);
    const refined: Candidate = { id: 'c1', round: 0, proof: 'We prove it.\n\nIt holds, because…', selfScore: null, verifications: [], meanScore: null };
    // Started here (the run the panel follows), listed under another path (saved elsewhere since).
    useWorkbench.setState({ run: running('r2', 'refine'), runDocId: 'd1' });
    finished({ type: 'run-finished', runId: 'r2', status: 'completed', refined, run: { ...summary('r2', 'refine', 3), path: 'proofs/other.md' }, at: 3 });
    expect(useWorkbench.getState().review).toMatchObject({ title: 'Refinement', proposed: refined.proof, runId: 'r2' });
    expect(useWorkbench.getState().history).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("never shows a run started on another document as this one's: no score, no findings, no diff to accept", () => {
    const calls: string[] = [];
    open(calls);
    const shown = { ...verify, runId: 'r0', score: 1 };
    useWorkbench.setState({ verify: shown });
    // Verify started on d0, then the user opened d1 (this document) while it ran.
    useWorkbench.setState({ run: running('r1', 'verify'), runDocId: 'd0' });
    finished({ type: 'run-finished', runId: 'r1', status: 'completed', verify, document: { docId: 'd0', version: 3, annotations: [finding] }, run: { ...summary('r1', 'verify', 2), path: 'proofs/zero.md' }, at: 2 });
    let state = useWorkbench.getState();
    expect(state.verify?.score).toBe(1);
    expect(state.annotations).toEqual([]);
    expect(state.notice?.text).toContain('proofs/zero.md finished');
    // A refinement of d0 finishing here opens no diff over this proof.
    const refined: Candidate = { id: 'c1', round: 0, proof: 'Another proof entirely.', selfScore: null, verifications: [], meanScore: null };
    useWorkbench.setState({ run: running('r2', 'refine'), runDocId: 'd0' });
    finished({ type: 'run-finished', runId: 'r2', status: 'completed', refined, run: { ...summary('r2', 'refine', 3), path: 'proofs/zero.md' }, at: 3 });
    state = useWorkbench.getState();
    expect(state.review).toBeNull();
    // Known only by its History entry (the panel did not follow it): its path decides.
    finished({ type: 'run-finished', runId: 'r3', status: 'completed', refined, run: { ...summary('r3', 'refine', 4), path: 'proofs/zero.md' }, at: 4 });
    expect(useWorkbench.getState().review).toBeNull();
    expect(calls).toEqual([]);
  });

  it('rejects a malformed pushed document at the schema', () => {
    expect(LoopEventSchema.safeParse({ type: 'run-finished', runId: 'r1', status: 'completed', document: { docId: 'd1', version: -1, annotations: [] }, at: 1 }).success).toBe(false);
  });
});

describe('setBackend', () => {
  it('saves the model choice once (the engine does), and shows it in the settings', async () => {
    const calls: string[] = [];
    const engine = {
      setBackend: async ({ spec }: { spec: string }) => {
        calls.push('setBackend');
        return { state: 'ready' as const, spec, kind: 'scripted' as const, model: 'm' };
      },
      setSettings: async () => {
        calls.push('setSettings');
        throw new Error('saved twice');
      },
    } as unknown as EngineApi;
    const settings = { backend: null, profile: 'labelled', sampling: { temperature: 1, topP: 1, maxTokens: 100 }, concurrency: 1, verify: { samples: 1, meta: false, evidence: true, evidenceWithDeepseek: false }, prove: { candidates: 1, samples: 1, rounds: 1, topK: 1 }, theme: 'system' } as const;
    useWorkbench.setState({ engine, settings: structuredClone(settings) as never, notice: null });
    await setBackend('scripted:s.json');
    expect(calls).toEqual(['setBackend']);
    expect(useWorkbench.getState().settings?.backend).toBe('scripted:s.json');
    expect(useWorkbench.getState().backend).toMatchObject({ state: 'ready', spec: 'scripted:s.json' });
  });
});

// Review 9, finding 6: a verify with an empty problem statement ran without a word.
describe('verify with an empty problem statement', () => {
  /** An engine that starts a verify (and records it); the backend is ready, as with the demo script. */
  function engineThatVerifies(calls: string[]): EngineApi {
    return { startVerify: async () => (calls.push('startVerify'), { runId: 'r9' }) } as unknown as EngineApi;
  }

  for (const problem of ['', '  \n']) {
    it(`runs, and warns that the verifier does not know what the proof should prove (problem ${JSON.stringify(problem)})`, async () => {
      const calls: string[] = [];
      useWorkbench.setState({ engine: engineThatVerifies(calls), docId: 'd1', path: 'proofs/a.md', text, doc, problem, run: null, notice: null, backend: { state: 'ready', spec: 'scripted:s.json' } as never });
      await startVerify();
      expect(calls).toEqual(['startVerify']);
      const notice = useWorkbench.getState().notice;
      expect(notice?.kind).toBe('warn');
      expect(notice?.text).toBe(NO_PROBLEM_WARNING);
      expect(notice?.text).toContain('without knowing what it should prove');
    });
  }

  it('says nothing when the problem is stated', async () => {
    const calls: string[] = [];
    useWorkbench.setState({ engine: engineThatVerifies(calls), docId: 'd1', path: 'proofs/a.md', text, doc, problem: 'Show that $0 = 0$.', run: null, notice: null, backend: { state: 'ready', spec: 'scripted:s.json' } as never });
    await startVerify();
    expect(calls).toEqual(['startVerify']);
    expect(useWorkbench.getState().notice).toBeNull();
  });
});

// rev14 finding 5: Verify on an empty document asked the model 4 times ("0 of 4 samples gave a verdict").
describe('a run with nothing to work on', () => {
  function engineThatRuns(calls: string[]): EngineApi {
    const started = (name: string) => async () => (calls.push(name), { runId: 'r9' });
    return { startVerify: started('startVerify'), startRefine: started('startRefine'), startProve: started('startProve') } as unknown as EngineApi;
  }
  const blank = { format: 'markdown', text: ' \n\n ', body: { start: 0, end: 5 }, steps: [] } as ProofDocument;
  const cases = [
    { kind: 'verify', start: () => startVerify(), problem: 'Show that $0 = 0$.', said: 'Nothing to verify: the proof is empty. Write the proof in the editor first.' },
    { kind: 'refine', start: () => startRefine(), problem: 'Show that $0 = 0$.', said: 'Nothing to refine: the proof is empty. Write the proof in the editor first.' },
    { kind: 'prove', start: () => startProve(), problem: ' \n', said: 'Nothing to prove: the problem statement is empty. Write the problem (Problem, above the proof) first.' },
  ] as const;
  for (const c of cases) {
    it(`${c.kind}: says what is missing and asks the engine nothing`, async () => {
      const calls: string[] = [];
      useWorkbench.setState({ engine: engineThatRuns(calls), docId: 'd1', path: 'proofs/a.md', text: blank.text, doc: blank, problem: c.problem, run: null, notice: null, backend: { state: 'ready', spec: 'scripted:s.json' } as never });
      await c.start();
      expect(calls).toEqual([]);
      expect(useWorkbench.getState().notice).toMatchObject({ kind: 'warn', text: c.said });
    });
  }

  it('starts each run when it has its proof and problem (no notice)', async () => {
    for (const start of [() => startVerify(), () => startRefine(), () => startProve()]) {
      const calls: string[] = [];
      useWorkbench.setState({ engine: engineThatRuns(calls), docId: 'd1', path: 'proofs/a.md', text, doc, problem: 'Show that $0 = 0$.', run: null, notice: null, backend: { state: 'ready', spec: 'scripted:s.json' } as never });
      await start();
      expect(calls).toHaveLength(1);
      expect(useWorkbench.getState().notice).toBeNull();
    }
  });
  // CI (the external run of c7f1fc7): "Nothing to prove: …" stayed up while the verify it no longer
  // applied to was running.
  it('a run that starts clears the notice of an earlier refusal; other notices stay', async () => {
    const calls: string[] = [];
    useWorkbench.setState({ engine: engineThatRuns(calls), docId: 'd1', path: 'proofs/a.md', text: blank.text, doc: blank, problem: ' ', run: null, notice: null, backend: { state: 'ready', spec: 'scripted:s.json' } as never });
    await startProve();
    expect(useWorkbench.getState().notice?.text).toMatch(/^Nothing to prove/);
    useWorkbench.setState({ text, doc, problem: 'Show that $0 = 0$.' });
    await startVerify();
    expect(calls).toEqual(['startVerify']);
    expect(useWorkbench.getState().notice).toBeNull();
    // A notice about something else (a save) is not the run's to clear.
    useWorkbench.setState({ notice: { kind: 'warn', text: 'Not saved: a.md was deleted or moved on disk.', at: 1 } });
    await startVerify();
    expect(useWorkbench.getState().notice?.text).toMatch(/^Not saved/);
  });
  // Reviewer rev19 F8: "Run failed: the refinement produced no usable solution" stayed up beside the
  // next, successful refinement's review, read as about that review.
  it("a run that starts clears the notice of an earlier run's failure", async () => {
    const calls: string[] = [];
    useWorkbench.setState({ engine: engineThatRuns(calls), docId: 'd1', path: 'proofs/a.md', text, doc, problem: 'Show that $0 = 0$.', run: running('r1', 'refine'), runDocId: 'd1', notice: null, backend: { state: 'ready', spec: 'scripted:s.json' } as never });
    finished({ type: 'run-finished', runId: 'r1', status: 'failed', error: 'the refinement produced no usable solution', run: { ...summary('r1', 'refine', 1), status: 'failed' }, at: 2 });
    expect(useWorkbench.getState().notice).toMatchObject({ kind: 'error', text: 'Run failed: the refinement produced no usable solution' });
    await startRefine();
    expect(calls).toEqual(['startRefine']);
    expect(useWorkbench.getState().notice).toBeNull();
  });
  // A proof is still verified with an empty problem (warned: 'verify with an empty problem statement' above).
});

describe('unverifiedState', () => {
  const run = (runId: string, status: RunSummary['status'], path = 'proofs/a.md'): RunSummary => ({ ...summary(runId, 'verify', 1), status, path });

  it("names the document's last finished verification, whatever came after it", () => {
    const done = run('r1', 'completed');
    // Newest first, as History lists them: a stop after a finished run still shows that run's score.
    expect(unverifiedState([run('r2', 'cancelled'), done], 'proofs/a.md')).toEqual({ state: 'finished', last: done });
  });

  it('else says how the newest verify run of the document ended; none for another file or a run still going', () => {
    expect(unverifiedState([run('r2', 'cancelled'), run('r1', 'failed')], 'proofs/a.md')).toEqual({ state: 'stopped', last: null });
    expect(unverifiedState([run('r1', 'failed')], 'proofs/a.md')).toEqual({ state: 'failed', last: null });
    expect(unverifiedState([run('r1', 'interrupted')], 'proofs/a.md')).toEqual({ state: 'interrupted', last: null });
    expect(unverifiedState([run('r1', 'running')], 'proofs/a.md')).toEqual({ state: 'none', last: null });
    expect(unverifiedState([run('r1', 'completed', 'proofs/b.md')], 'proofs/a.md')).toEqual({ state: 'none', last: null });
    expect(unverifiedState([], 'proofs/a.md')).toEqual({ state: 'none', last: null });
  });
});
