import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../app/common/annotations';
import type { ProofDocument, Step } from '../../app/common/proof';
import type { LoopEvent } from '../../app/common/events';
import type { VerificationSample } from '../../app/common/results';
import { LineIndex } from '../../app/common/text';
import { clusterFindings, describeCluster, describeProvenance, filterProblems, findingsByStep, nextProblem, previewOnlyErrors, problemItems, wholeProofAnchor } from './annotationsView';
import { callsLabel, cancelledNote, proveReviewTitle, reduceRun, runOutcome, runProgress, runsForDocument, scoresByRound, unchangedNote, type RunView } from './runs';

const text = 'First step.\n\nSecond step with $x$.\n\nThird step.';
const index = new LineIndex(text);
function step(id: string, label: string, i: number, start: number, end: number): Step {
  return { id, label, index: i, kind: 'paragraph', range: index.locate({ start, end }), text: text.slice(start, end), math: [] };
}
const doc: ProofDocument = {
  format: 'markdown', text, body: { start: 0, end: text.length },
  steps: [step('a', 'S1', 0, 0, 11), step('b', 'S2', 1, 13, 34), step('c', 'S3', 2, 36, text.length)],
};

function ann(id: string, stepId: string | null, severity: Annotation['severity'], sample: number, verdict: Annotation['provenance']['verdict'], extra: Partial<Annotation> = {}): Annotation {
  return { id, stepId, severity, message: `msg ${id}`, mappedBy: 'label', provenance: { source: 'verifier', runId: 'r1', sample, verdict }, ...extra };
}

describe('findingsByStep', () => {
  const annotations = [
    ann('1', 'b', 'gap', 0, 'confirmed'),
    ann('2', 'b', 'critical', 1, 'disputed'),
    ann('3', 'b', 'minor', 1, 'confirmed'), // same sample as #2: still one flag from sample 1
    ann('4', 'b', 'note', 2, 'unchecked'),  // a note is not a flag
    ann('5', 'c', 'gap', 3, 'confirmed', { stale: true }),
    { ...ann('6', 'b', 'minor', 0, 'unchecked'), provenance: { source: 'checker', verdict: 'unchecked' } } as Annotation,
  ];

  it('counts distinct flagging samples and confirmed ones per step, and groups by severity', () => {
    const byStep = findingsByStep(doc, annotations, new Set());
    const b = byStep.get('b')!;
    expect(b.flags).toBe(2);
    expect(b.confirmed).toBe(2); // sample 0 (#1) and sample 1 (#3 confirmed)
    expect(b.worst).toBe('critical');
    expect(b.bySeverity.map((g) => [g.severity, g.annotations.length])).toEqual([['critical', 1], ['gap', 1], ['minor', 1], ['note', 1]]);
    expect(b.checker.map((a) => a.id)).toEqual(['6']);
    expect(byStep.get('c')!.stale).toBe(true);
    expect(byStep.has('a')).toBe(false);
  });

  it('leaves dismissed findings out of the counts', () => {
    const b = findingsByStep(doc, annotations, new Set(['1']))!.get('b')!;
    expect(b.flags).toBe(1);
    expect(b.confirmed).toBe(1);
  });
});

describe('problems list', () => {
  const annotations = [ann('x', 'c', 'minor', 0, 'unchecked'), ann('y', 'b', 'critical', 0, 'confirmed', { range: { start: 30, end: 33 } }), ann('z', null, 'gap', 1, 'unchecked')];
  const items = problemItems(doc, annotations, [{ message: 'Undefined control sequence', start: 14, end: 20 }], new Set());

  it('orders by position (document-level last) and labels steps', () => {
    expect(items.map((i) => i.id)).toEqual(['katex-0-14', 'y', 'x', 'z']);
    expect(items.map((i) => i.stepLabel)).toEqual([null, 'S2', 'S3', null]);
    expect(items[2].range).toEqual({ start: 36, end: text.length }); // step range when no quote
  });

  it('filters by severity and source, and F8 wraps around', () => {
    expect(filterProblems(items, { severities: new Set(['critical']), source: 'verifier' }).map((i) => i.id)).toEqual(['y']);
    expect(filterProblems(items, { severities: new Set(['critical', 'gap', 'minor']), source: 'preview' }).map((i) => i.id)).toEqual(['katex-0-14']);
    expect(nextProblem(items, 20)!.id).toBe('y');
    expect(nextProblem(items, 40)!.id).toBe('katex-0-14');
  });

  it('lists a KaTeX error once when the checker reports it too (same formula), and keeps the preview\'s others', () => {
    // `$x$` is at 31..34 in step S2; the checker's hint points elsewhere in the formula than KaTeX's position.
    const withMath: ProofDocument = { ...doc, steps: doc.steps.map((st) => (st.id === 'b' ? { ...st, math: [{ range: { start: 30, end: 33 }, contentRange: { start: 31, end: 32 }, delimiter: '$', display: false, tex: 'x' }] } : st)) };
    const lint = ann('check:lint:parse-error:31', 'b', 'minor', 0, 'unchecked', { range: { start: 31, end: 32 }, message: "LaTeX error: Expected '}'", provenance: { source: 'checker', verdict: 'unchecked' } });
    const errors = [{ message: "Expected '}', got 'EOF'", start: 32, end: 33 }, { message: 'Undefined control sequence', start: 14, end: 20 }];
    expect(previewOnlyErrors(errors, [lint], withMath)).toEqual([errors[1]]);
    const listed = problemItems(withMath, [lint], errors, new Set());
    expect(listed.map((i) => i.source)).toEqual(['preview', 'checker']);
    // Dismissing the checker's entry does not bring the preview's twin back.
    expect(problemItems(withMath, [lint], errors, new Set([lint.id])).map((i) => i.id)).toEqual(['katex-0-14']);
  });

  it('lists a formula too large to typeset once: the checker\'s note, not also the preview\'s error', () => {
    const withMath: ProofDocument = { ...doc, steps: doc.steps.map((st) => (st.id === 'b' ? { ...st, math: [{ range: { start: 30, end: 33 }, contentRange: { start: 31, end: 32 }, delimiter: '$', display: false, tex: 'x' }] } : st)) };
    const tooLarge = ann('check:lint:too-large:31', 'b', 'note', 0, 'unchecked', { range: { start: 31, end: 32 }, message: 'Too large to typeset', provenance: { source: 'checker', verdict: 'unchecked' } });
    const errors = [{ message: 'Too large to preview here: its macros expand past 40,000 characters', start: 31, end: 32 }];
    expect(problemItems(withMath, [tooLarge], errors, new Set()).map((i) => [i.source, i.severity])).toEqual([['checker', 'note']]);
  });

  it('marks a finding placed on no step on the document\'s first word (F8 reaches it)', () => {
    const at = (t: string) => { const r = wholeProofAnchor(t); return t.slice(r.start, r.end); };
    expect(at('# Infinitely many primes')).toBe('Infinitely');
    expect(at('\n\n  $x_1 = 0$')).toBe('x');
    expect(at('Ünïcode, then more')).toBe('Ünïcode');
    expect(at('  --- ')).toBe('-');
    expect(wholeProofAnchor('')).toEqual({ start: 0, end: 0 });
    expect(wholeProofAnchor(' \n ')).toEqual({ start: 0, end: 0 });
  });

  it('describes provenance for the hover', () => {
    expect(describeProvenance(annotations[1])).toBe('verifier · sample 1 · run r1 · meta-verifier: confirmed');
    // A checker finding says how it was reached, and claims no meta-verifier verdict it never had.
    expect(describeProvenance({ ...annotations[1], provenance: { source: 'checker', verdict: 'unchecked' } })).toBe('checker · computer algebra, not a model');
  });
});

describe('run view', () => {
  const events: LoopEvent[] = [
    { type: 'run-started', runId: 'r', kind: 'prove', plannedCalls: 4, at: 1000 },
    { type: 'call-started', runId: 'r', callId: 'c1', role: 'generate', candidateId: 'k1', round: 0, at: 1000 },
    { type: 'call-token', runId: 'r', callId: 'c1', text: 'thinking', reasoning: true },
    { type: 'call-token', runId: 'r', callId: 'c1', text: 'Proof.', reasoning: false },
    { type: 'call-token', runId: 'other', callId: 'zz', text: 'ignored', reasoning: false },
    { type: 'call-finished', runId: 'r', callId: 'c1', role: 'generate', status: 'parsed', score: 1, completionTokens: 40, totalMs: 900 },
    { type: 'candidate-scored', runId: 'r', candidateId: 'k1', round: 0, meanScore: 0.5, selfScore: 1, verdicts: 4, requested: 4 },
    { type: 'candidate-scored', runId: 'r', candidateId: 'k2', round: 1, meanScore: 1, selfScore: 1, verdicts: 4, requested: 4 },
  ];
  const run = events.reduce<RunView | null>((r, e) => reduceRun(r, e, 2000), null)!;

  it('folds events into progress, stream text and candidates', () => {
    expect(run.doneCalls).toBe(1);
    expect(run.streamText).toBe('Proof.');
    expect(run.streamReasoning).toBe('thinking');
    expect(run.candidates.map((c) => c.id)).toEqual(['k2', 'k1']);
    const p = runProgress(run, 3000);
    expect(p.fraction).toBe(0.25);
    expect(p.elapsedMs).toBe(2000);
    expect(p.tokensPerSecond).toBe(20);
    expect(p.etaMs).toBe(6000);
  });

  it("once finished, elapsed is the time the run worked as its record says (a resumed run's idle time left out)", () => {
    const finished = reduceRun(run, { type: 'run-finished', runId: 'r', status: 'completed', at: 60_000, run: {
      runId: 'r', kind: 'prove', path: null, startedAt: 1000, finishedAt: 60_000, status: 'completed', calls: 4, score: 1, model: 'm', workedMs: 5000,
    } })!;
    expect(runProgress(finished, 70_000).elapsedMs).toBe(5000);
    // guard: a record that does not say (older engine) keeps start to finish.
    const plain = reduceRun(run, { type: 'run-finished', runId: 'r', status: 'completed', at: 60_000 })!;
    expect(runProgress(plain, 70_000).elapsedMs).toBe(59_000);
  });

  it('says the planned count is a bound while running, and what was made once finished', () => {
    expect(callsLabel({ status: 'running', doneCalls: 8, plannedCalls: 130 })).toBe('8 of at most 130 calls');
    expect(callsLabel({ status: 'completed', doneCalls: 24, plannedCalls: 24 })).toBe('24 calls');
    expect(callsLabel({ status: 'cancelled', doneCalls: 8, plannedCalls: 130 })).toBe('8 of 130 planned calls');
  });

  it('says what a cancelled run kept and how to go on', () => {
    const row = (id: string) => ({ id, round: 0, meanScore: null, selfScore: null, verdicts: 0, requested: 4, parentId: undefined, proof: '' });
    expect(cancelledNote({ status: 'cancelled', kind: 'prove', doneCalls: 36, candidates: [row('c1'), row('c2')] }, true))
      .toBe('Kept: its 36 finished calls and the 2 candidates so far, in its record (History › Record, Pool). History › Resume goes on from there without asking them again.');
    expect(cancelledNote({ status: 'cancelled', kind: 'verify', doneCalls: 1, candidates: [] }, false))
      .toBe('Kept: its 1 finished call, in its record (History › Record). This run cannot be resumed: run it again to finish.');
    expect(cancelledNote({ status: 'cancelled', kind: 'prove', doneCalls: 0, candidates: [] }, true)).toMatch(/^No call had finished/);
    // rev19 F2: of 4 calls, 2 finished and the stop cancelled 2: "its 4 finished calls" was said.
    let stopped = reduceRun(null, { type: 'run-started', runId: 'v', kind: 'verify', plannedCalls: 4, at: 0 })!;
    for (const id of ['verify-2', 'verify-4']) stopped = reduceRun(stopped, { type: 'call-finished', runId: 'v', callId: id, role: 'verify', status: 'parsed', score: 1, completionTokens: 5, totalMs: 10 })!;
    for (const id of ['verify-1', 'verify-3']) stopped = reduceRun(stopped, { type: 'call-failed', runId: 'v', callId: id, role: 'verify', error: 'cancelled', cancelled: true })!;
    stopped = reduceRun(stopped, { type: 'run-finished', runId: 'v', status: 'cancelled', at: 10 })!;
    expect(cancelledNote(stopped, true)).toMatch(/^Kept: its 2 finished calls, in its record/);
    expect(cancelledNote({ status: 'completed', kind: 'prove', doneCalls: 36, candidates: [] }, true)).toBeNull();
  });

  it('discards the text of a call whose stream the backend restarted', () => {
    const restarted = reduceRun(run, { type: 'call-token', runId: 'r', callId: 'c1', text: '', reasoning: false, restart: true })!;
    expect(restarted.streamText).toBe('');
    expect(restarted.streamReasoning).toBe('');
    expect(reduceRun(restarted, { type: 'call-token', runId: 'r', callId: 'c1', text: 'Again.', reasoning: false })!.streamText).toBe('Again.');
  });

  it('finishes, and charts the best and mean score by round', () => {
    const done = reduceRun(run, { type: 'run-finished', runId: 'r', status: 'completed', at: 5000 })!;
    expect(done.status).toBe('completed');
    expect(runProgress(done, 99999).elapsedMs).toBe(4000);
    expect(scoresByRound(done.candidates)).toEqual([{ round: 0, best: 0.5, mean: 0.5, count: 1 }, { round: 1, best: 1, mean: 1, count: 1 }]);
  });
});

describe('run outcome', () => {
  const started = reduceRun(null, { type: 'run-started', runId: 'v', kind: 'verify', plannedCalls: 2, at: 0 })!;
  const sample = (index: number, status: 'parsed' | 'unparsed' | 'failed', reason?: string): VerificationSample =>
    ({ index, callId: `verify-${index + 1}`, status, reason, score: status === 'parsed' ? 1 : null, analysis: '', annotations: [] });
  const finish = (run: RunView, samples: VerificationSample[]) =>
    reduceRun(run, { type: 'run-finished', runId: 'v', status: 'completed', at: 10, verify: { runId: 'v', samples, score: null, spread: null, parsedSamples: samples.filter((s) => s.status === 'parsed').length, steps: [], documentAnnotations: [] } })!;

  it('a run whose every call failed is "no verdict", in red, with the reason, never a green "completed"', () => {
    const dead = 'cannot reach http://127.0.0.1:9/v1/chat/completions: fetch failed (ECONNREFUSED) (gave up after 5 attempts)';
    let run = started;
    for (const id of ['verify-1', 'verify-2']) run = reduceRun(run, { type: 'call-failed', runId: 'v', callId: id, role: 'verify', error: dead, cancelled: false })!;
    expect(run.failureReasons).toEqual([dead]);
    expect(runOutcome(finish(run, [sample(0, 'failed', dead), sample(1, 'failed', dead)]))).toEqual({ label: 'no verdict', tone: 'failed', why: `2 × ${dead}` });
  });

  it('says a truncated sample was cut off, with the fix, and is not green', () => {
    const outcome = runOutcome(finish(started, [sample(0, 'parsed'), sample(1, 'unparsed', 'truncated')]));
    expect(outcome).toMatchObject({ label: 'completed · 1 of 2 samples gave no verdict', tone: 'warn' });
    expect(outcome.why).toMatch(/^1 × cut off at the token limit \(raise Max tokens/);
  });

  it('collects how the backend reshaped requests, once each', () => {
    const note = 'the server refused `seed`: sent without it (samples are not reproducible)';
    let run = started;
    for (const id of ['verify-1', 'verify-2']) {
      run = reduceRun(run, { type: 'call-finished', runId: 'v', callId: id, role: 'verify', status: 'parsed', score: 1, completionTokens: 5, totalMs: 10, adaptations: [note] })!;
    }
    expect(run.adaptations).toEqual([note]);
  });

  it('is a plain green "completed" only when every sample gave a verdict', () => {
    expect(runOutcome(finish(started, [sample(0, 'parsed'), sample(1, 'parsed')]))).toEqual({ label: 'completed', tone: 'ok', why: null });
    expect(runOutcome(started).tone).toBe('running');
  });
});

describe('finding clusters', () => {
  it('shows the same finding from several samples once, with its samples and verdicts', () => {
    const same = [ann('p', 'b', 'gap', 2, 'confirmed'), ann('q', 'b', 'gap', 0, 'disputed'), ann('r', 'b', 'gap', 1, 'confirmed')].map((a) => ({ ...a, message: ' The  gap. ' }));
    const clusters = clusterFindings([...same, ann('s', 'b', 'gap', 3, 'confirmed')]);
    expect(clusters.map((c) => c.members.length)).toEqual([3, 1]);
    expect(describeCluster(clusters[0])).toBe('verifier · 3 samples (1, 2, 3) · run r1 · meta-verifier: 2 confirmed, 1 disputed');
    expect(describeCluster(clusters[0], 4)).toBe('verifier · 3 of 4 samples (1, 2, 3) · run r1 · meta-verifier: 2 confirmed, 1 disputed');
    expect(describeCluster(clusters[1], 4)).toBe('verifier · 1 of 4 samples (4) · run r1 · meta-verifier: confirmed');
    // Reviewer rev19 F6: samples that gave no verdict said nothing; the count is over the verdicts, and they are named.
    expect(describeCluster(clusters[1], { verdicts: 4, requested: 4 })).toBe('verifier · 1 of 4 samples (4) · run r1 · meta-verifier: confirmed');
    expect(describeCluster(clusters[1], { verdicts: 2, requested: 4 })).toBe('verifier · 1 of 2 verdicts (sample 4) · 2 samples gave no verdict · run r1 · meta-verifier: confirmed');
    expect(describeCluster(clusters[0], { verdicts: 3, requested: 4 })).toBe('verifier · 3 of 3 verdicts (samples 1, 2, 3) · 1 sample gave no verdict · run r1 · meta-verifier: 2 confirmed, 1 disputed');
  });

  it('keeps the same words about different steps apart, and lists a repeated finding once in the problems list', () => {
    const a = { ...ann('p', 'b', 'gap', 0, 'confirmed'), message: 'Unjustified.' };
    const b = { ...ann('q', 'b', 'gap', 1, 'confirmed'), message: 'Unjustified.' };
    const elsewhere = { ...ann('r', 'b', 'gap', 0, 'confirmed'), message: 'Unjustified.', stepId: 'other' };
    expect(clusterFindings([a, b, elsewhere]).map((c) => c.members.map((m) => m.id))).toEqual([['p', 'q'], ['r']]);
    const items = problemItems(null, [a, b], [], new Set(), { verdicts: 2, requested: 2 });
    expect(items).toHaveLength(1);
    expect(items[0].detail).toContain('2 of 2 samples (1, 2)');
  });
});

describe('runsForDocument (the Run tab follows the open document)', () => {
  const finished = (runId: string, status: RunView['status'] = 'completed') =>
    ({ ...reduceRun(null, { type: 'run-started', runId, kind: 'verify', plannedCalls: 1, at: 0 }, 0)!, status });

  it("shows nothing for a document without runs, and the document's own last run when switching back", () => {
    const a = finished('ra');
    const onB = runsForDocument({ run: a, runDocId: 'A', lastRuns: {} }, 'B');
    expect(onB.run).toBeNull();
    expect(onB.runDocId).toBe('B');
    const backOnA = runsForDocument(onB, 'A');
    expect(backOnA.run?.runId).toBe('ra');
  });

  it('keeps a run in progress in view (it can still be watched and stopped), and the same document unchanged', () => {
    const running = finished('rb', 'running');
    expect(runsForDocument({ run: running, runDocId: 'A', lastRuns: {} }, 'B').run?.runId).toBe('rb');
    const same = { run: finished('rc'), runDocId: 'A', lastRuns: {}, docVersion: 7 };
    // The same three fields back, and nothing else of the state it was given (the caller spreads them).
    expect(runsForDocument(same, 'A')).toEqual({ run: same.run, runDocId: 'A', lastRuns: {} });
  });
});

describe('the Prove review title', () => {
  const sample = (index: number, score: 0 | 0.5 | 1 | null): VerificationSample => ({
    index, callId: `v${index}`, status: score === null ? 'unparsed' : 'parsed', reason: score === null ? 'no-score' : undefined, score, analysis: '', annotations: [],
  });

  it('says when the best candidate\'s mean rests on too few verdicts to rank it', () => {
    const thin = { meanScore: 1, selfScore: null, verifications: [sample(0, 1), sample(1, null), sample(2, null), sample(3, null)] };
    expect(proveReviewTitle(thin)).toBe('Prove: best candidate, mean score 1.00 over 1 of 4 verdicts: too few to rank (no candidate had enough)');
    const whole = { meanScore: 0.875, selfScore: 1 as const, verifications: [sample(0, 1), sample(1, 1), sample(2, 1), sample(3, 0.5)] };
    expect(proveReviewTitle(whole)).toBe('Prove: best candidate, mean score 0.88 over 4 verifications, self-score 1.00');
  });
});

describe('unchanged refinements in the run panel', () => {
  it('says which refinements repeated a candidate and where their calls went', () => {
    expect(unchangedNote(undefined)).toBeNull();
    expect(unchangedNote([{ id: 'c5', round: 1, parentId: 'c2', sameAs: 'c2' }]))
      .toBe('1 unchanged refinement (c5 repeated c2): counted in the calls, not verified, not a new candidate in the pool.');
    // Counted in the ×N of the candidate it repeats (the search does so since it was counted there).
    expect(unchangedNote([{ id: 'c5', round: 1, parentId: 'c2', sameAs: 'c2' }], [{ id: 'c2', duplicates: 1, duplicateIds: ['c5'] }]))
      .toBe('1 unchanged refinement (c5 repeated c2 (counted in its ×2)): counted in the calls, not verified, not a new candidate in the pool.');
    // A refinement of c3 that gave c2's text did change: it is not called unchanged (rev4).
    expect(unchangedNote([{ id: 'c4', round: 1, parentId: 'c3', sameAs: 'c2' }], [{ id: 'c2', duplicates: 1, duplicateIds: ['c4'] }]))
      .toBe('1 refinement repeating a candidate (c4 repeated c2 (counted in its ×2)): counted in the calls, not verified, not a new candidate in the pool.');
  });
});
