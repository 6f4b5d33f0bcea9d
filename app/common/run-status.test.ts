import { describe, expect, it } from 'vitest';
import { runStatusWording } from './run-status';

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
