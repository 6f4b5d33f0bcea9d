import { describe, expect, it } from 'vitest';
import { flaggedWording, missingVerdictsWording, pointsOf, proveOutcomeWording, runKindWording, runScoreWording, runStatusWording, sampleVerdictsOf, shortModelName, unfinishedVerifyWording, verdictShare } from './run-status';

// Reviewer rev19 F2: a stopped verify run read "cancelled · 1.00" (the 2 passes that finished before
// the stop) for a proof whose full run is 0.50.
// Reviewer rev19 F6: "1 of 4 flagged" when 2 of the 4 samples gave no verdict (one cut at the token
// limit, one aborted): they said nothing about the step, so the share is over the 2 verdicts.
describe('verdictShare / flaggedWording (every "k of m samples")', () => {
  it('counts over the samples that gave a verdict and names those that gave none', () => {
    const mixed = sampleVerdictsOf({ parsedSamples: 2, samples: [{}, {}, {}, {}] })!;
    expect(verdictShare(1, mixed)).toEqual({ of: '1 of 2 verdicts', noVerdict: '2 samples gave no verdict', rate: 0.5 });
    expect(flaggedWording(1, mixed)).toBe('1 of 2 verdicts flagged (2 samples gave no verdict)');
    expect(flaggedWording(1, { verdicts: 1, requested: 2 })).toBe('1 of 1 verdict flagged (1 sample gave no verdict)');
    expect(verdictShare(0, { verdicts: 0, requested: 3 })).toEqual({ of: '0 of 0 verdicts', noVerdict: '3 samples gave no verdict', rate: 0 });
  });

  it('reads "1 of 4 flagged" as before when every sample gave a verdict', () => {
    const all = sampleVerdictsOf({ parsedSamples: 4, samples: [{}, {}, {}, {}] })!;
    expect(flaggedWording(1, all)).toBe('1 of 4 flagged');
    expect(verdictShare(3, all)).toEqual({ of: '3 of 4', noVerdict: null, rate: 0.75 });
  });
});

describe('missingVerdictsWording', () => {
  it('says how many samples gave a verdict only when fewer than requested did', () => {
    expect(missingVerdictsWording({ verdicts: 3, requested: 4 })).toBe('3 of 4 samples gave a verdict');
    expect(missingVerdictsWording({ verdicts: 0, requested: 1 })).toBe('0 of 1 sample gave a verdict');
    expect(missingVerdictsWording({ verdicts: 4, requested: 4 })).toBeNull();
    expect(missingVerdictsWording(undefined)).toBeNull();
  });
});

describe('unfinishedVerifyWording', () => {
  it("gives a stopped or failed verify run no run score, only how many samples gave a verdict", () => {
    const stopped = { kind: 'verify', status: 'cancelled', verdicts: sampleVerdictsOf({ parsedSamples: 2, samples: [{}, {}, {}, {}] }) };
    expect(unfinishedVerifyWording(stopped)).toBe('stopped: 2 of 4 samples gave a verdict, no run score');
    expect(unfinishedVerifyWording({ kind: 'verify', status: 'failed' })).toBe('failed: no run score');
    expect(unfinishedVerifyWording({ kind: 'verify', status: 'interrupted', verdicts: { verdicts: 0, requested: 1 } })).toBe('interrupted: 0 of 1 sample gave a verdict, no run score');
  });

  it("leaves a completed verify run's score (and other kinds) to stand", () => {
    expect(unfinishedVerifyWording({ kind: 'verify', status: 'completed', verdicts: { verdicts: 2, requested: 4 } })).toBeNull();
    expect(unfinishedVerifyWording({ kind: 'verify', status: 'running' })).toBeNull();
    expect(unfinishedVerifyWording({ kind: 'prove', status: 'cancelled' })).toBeNull();
  });
});

describe('runStatusWording', () => {
  it('says how many calls failed in a run that completed anyway', () => {
    expect(runStatusWording({ status: 'completed', calls: 13, failedCalls: 4 })).toBe('completed, 4 of 13 calls failed');
    expect(runStatusWording({ status: 'cancelled', calls: 1, failedCalls: 1 })).toBe('cancelled, 1 of 1 call failed');
  });

  it('is the plain status when no call failed, or when the record does not say', () => {
    expect(runStatusWording({ status: 'completed', calls: 13, failedCalls: 0 })).toBe('completed');
    expect(runStatusWording({ status: 'interrupted', calls: 2 })).toBe('interrupted');
  });
});

describe('shortModelName', () => {
  it('names a model by its file, not its absolute path (History shows it; the full spec is its tooltip)', () => {
    expect(shortModelName('scripted:/work/x/resources/samples/scripts/demo.scripted.json')).toBe('scripted: demo.scripted.json');
    expect(shortModelName('local:/home/me/models/model.gguf')).toBe('local: model.gguf');
    expect(shortModelName('local:C:\\models\\qwen.gguf')).toBe('local: qwen.gguf');
    expect(shortModelName('scripted:sample:demo.scripted.json')).toBe('scripted: demo.scripted.json');
  });

  it('keeps a library name, and names an OpenAI-compatible model by its model name', () => {
    expect(shortModelName('local:qwen2.5-math-1.5b')).toBe('local: qwen2.5-math-1.5b');
    expect(shortModelName('openai:http://127.0.0.1:8080/v1#deepseek-r1')).toBe('openai: deepseek-r1');
    expect(shortModelName('something else')).toBe('something else');
  });
});

describe('proveOutcomeWording', () => {
  it('says whether the best mean is a pass, and how a search that did not finish ended', () => {
    expect(proveOutcomeWording('passed', 1)).toBe('passed, best mean 1');
    expect(proveOutcomeWording('exhausted', 1)).toBe('best mean 1, not a pass');
    expect(proveOutcomeWording('exhausted', 0.6666)).toBe('best mean 0.667, not a pass');
    expect(proveOutcomeWording('cancelled', 0.5)).toBe('cancelled, best mean 0.5, not a pass');
    expect(proveOutcomeWording('failed', null)).toBe('failed, no verdict');
    expect(proveOutcomeWording('exhausted', null)).toBe('no verdict');
  });

  it('says when the best mean rests on too few verdicts to rank (as `runs` and History show it)', () => {
    expect(proveOutcomeWording('exhausted', 1, { verdicts: 1, requested: 4, ranked: false })).toBe('best mean 1 over 1 of 4 verdicts: too few to rank, not a pass');
    expect(proveOutcomeWording('cancelled', 1, { verdicts: 1, requested: 64, ranked: false })).toBe('cancelled, best mean 1 over 1 of 64 verdicts: too few to rank, not a pass');
    expect(proveOutcomeWording('passed', 1, { verdicts: 4, requested: 4, ranked: true })).toBe('passed, best mean 1');
  });
});

// Reviewer rev19 F9: History rows of graded runs showed the 0/½/1 mean and not the points.
describe('runKindWording', () => {
  it('says "verify selection" for a run on a selection, whose score is the selection\'s (rev21 F5)', () => {
    expect(runKindWording({ kind: 'verify', selection: { start: 3, end: 9 } })).toBe('verify selection');
    expect(runKindWording({ kind: 'verify' })).toBe('verify');
    expect(runKindWording({ kind: 'refine' })).toBe('refine');
  });
});

describe('runScoreWording', () => {
  it('calls a refine run\'s score its self-evaluation, not a verification\'s (rev21 F6)', () => {
    const refine = { kind: 'refine', status: 'completed', score: 1 } as const;
    expect(runScoreWording(refine, (v) => (v === null ? '—' : v.toFixed(2)))).toBe('self-evaluation 1.00');
    expect(runScoreWording(refine, (v) => `${v}`, 'score')).toBe('self-evaluation 1');
    expect(runScoreWording({ kind: 'verify', status: 'completed', score: 0.5 }, (v) => `${v}`, 'selection score')).toBe('selection score 0.5');
  });

  const plain = (score: number | null) => (score === null ? '—' : score.toFixed(2));
  it('adds a graded run\'s points to its score, and nothing to an ungraded one', () => {
    const graded = { kind: 'verify', status: 'completed', score: 1 / 6, points: pointsOf({ points: { max: 7, mean: 4 } }) };
    expect(runScoreWording(graded, plain)).toBe('0.17 · 4/7 points');
    expect(runScoreWording({ kind: 'verify', status: 'completed', score: 0.5, points: pointsOf({ points: { max: 7, mean: 10 / 3 } }) }, plain)).toBe('0.50 · 3.33/7 points');
    expect(runScoreWording({ kind: 'verify', status: 'completed', score: 0.5, points: pointsOf({}) }, plain)).toBe('0.50');
    expect(runScoreWording({ kind: 'verify', status: 'completed', score: null, points: { max: 7, mean: null } }, plain)).toBe('—');
  });

  it('keeps the rules for prove runs and unfinished verify runs', () => {
    expect(runScoreWording({ kind: 'prove', status: 'completed', score: 1, proveStatus: 'exhausted' }, plain)).toBe('best mean 1, not a pass');
    expect(runScoreWording({ kind: 'verify', status: 'cancelled', score: 1, verdicts: { verdicts: 2, requested: 4 }, points: { max: 7, mean: 7 } }, plain)).toBe('stopped: 2 of 4 samples gave a verdict, no run score');
  });
});
