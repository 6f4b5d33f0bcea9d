// The small pieces of the local backend that need no model.
import type { LlamaChatResponseChunk, Token } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { finishFromLlama, toChatHistory, toTokenChunk } from './chat';
import { PrefixStates } from './prefix-states';
import { SlotBudget, SlotPool } from './slot-pool';
import { StateGate } from './state-gate';
import { cgroupCpuLimit, chooseThreadCount } from './threads';

describe('threads', () => {
  const files = (entries: Record<string, string>) => (path: string) => entries[path];

  it('reads the cgroup v2 quota in whole cores', () => {
    expect(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu.max': '200000 100000\n' }))).toBe(2);
    expect(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu.max': '150000 100000' }))).toBe(1);
    expect(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu.max': 'max 100000' }))).toBeUndefined();
  });

  it('reads the cgroup v1 quota', () => {
    const v1 = { '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '400000', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' };
    expect(cgroupCpuLimit(files(v1))).toBe(4);
    expect(cgroupCpuLimit(files({ ...v1, '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1' }))).toBeUndefined();
    expect(cgroupCpuLimit(files({}))).toBeUndefined();
  });

  it('uses the cores other processes leave free, never less than one', () => {
    expect(chooseThreadCount(2, 0.4)).toBe(2);
    expect(chooseThreadCount(2, 1.2)).toBe(1);
    expect(chooseThreadCount(2, 20)).toBe(1);
    expect(chooseThreadCount(2, 0.6)).toBe(1);
    expect(chooseThreadCount(8, 2.4)).toBe(6);
    expect(chooseThreadCount(8, 2.5)).toBe(5);
    expect(chooseThreadCount(0, 0)).toBe(1);
  });
});

describe('chat mapping', () => {
  it('opens a model turn after the messages, continues a trailing assistant message', () => {
    expect(toChatHistory([{ role: 'system', content: 's' }, { role: 'user', content: 'u' }])).toEqual([
      { type: 'system', text: 's' },
      { type: 'user', text: 'u' },
      { type: 'model', response: [] },
    ]);
    expect(toChatHistory([{ role: 'user', content: 'u' }, { role: 'assistant', content: 'a' }]).at(-1)).toEqual({ type: 'model', response: ['a'] });
  });

  it('maps thought segments to reasoning and drops comments', () => {
    const chunk = (fields: object) => ({ tokens: [], ...fields }) as unknown as LlamaChatResponseChunk;
    const text = chunk({ type: undefined, segmentType: undefined, text: 'answer' });
    const thought = chunk({ type: 'segment', segmentType: 'thought', text: 'hmm' });
    const comment = chunk({ type: 'segment', segmentType: 'comment', text: 'note' });
    expect(toTokenChunk(text)).toEqual({ text: 'answer', reasoning: false });
    expect(toTokenChunk(thought)).toEqual({ text: 'hmm', reasoning: true });
    expect(toTokenChunk(comment)).toBeUndefined();
    expect(toTokenChunk({ ...text, text: '' })).toBeUndefined();
  });
});

describe('SlotPool', () => {
  it('hands slots out first come, first served', async () => {
    const pool = new SlotPool(['a']);
    const order: string[] = [];
    expect(await pool.acquire()).toBe('a');
    const second = pool.acquire().then((s) => order.push(`2:${s}`));
    const third = pool.acquire().then((s) => order.push(`3:${s}`));
    pool.release('a');
    await second;
    pool.release('a');
    await third;
    expect(order).toEqual(['2:a', '3:a']);
  });

  it('drops a waiter whose signal aborts and rejects the rest on close', async () => {
    const pool = new SlotPool([1]);
    await pool.acquire();
    const controller = new AbortController();
    const aborted = pool.acquire(controller.signal);
    const closed = pool.acquire();
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    pool.close(new Error('closed'));
    await expect(closed).rejects.toThrow('closed');
    await expect(pool.acquire()).rejects.toThrow(/closed/);
  });
});

describe('SlotBudget', () => {
  it('grants requests for several slots in arrival order, a large one never passed over', async () => {
    const budget = new SlotBudget(4);
    const order: string[] = [];
    const live = new AbortController().signal;
    await budget.acquire(3, live);
    const four = budget.acquire(4, live).then(() => order.push('four'));
    const one = budget.acquire(1, live).then(() => order.push('one')); // one is free, but four came first
    await Promise.resolve();
    expect(order).toEqual([]);
    budget.release(3);
    await four;
    budget.release(4);
    await one;
    expect(order).toEqual(['four', 'one']);
  });

  it('drops a waiter whose signal aborts, letting the one behind it through', async () => {
    const budget = new SlotBudget(2);
    const live = new AbortController().signal;
    await budget.acquire(1, live);
    const controller = new AbortController();
    const blocked = budget.acquire(2, controller.signal);
    const behind = budget.acquire(1, live);
    controller.abort(new Error('cancelled'));
    await expect(blocked).rejects.toThrow('cancelled');
    await expect(behind).resolves.toBeUndefined();
  });
});

describe('PrefixStates', () => {
  const t = (...ids: number[]) => ids as Token[];
  it('makes the first claimant the leader and the others followers of the same state', async () => {
    const states = new PrefixStates('/tmp/none');
    const leader = states.claim('k', t(1, 2, 3));
    const follower = states.claim('k', t(1, 2, 3));
    expect(leader.leader).toBe(true);
    expect(follower.leader).toBe(false);
    expect(follower.state).toBe(leader.state);
    leader.settle(true);
    expect(await follower.state.ready).toBe(true);
  });

  it('treats a different prompt under the same key as a new state, and forgets failed ones', async () => {
    const states = new PrefixStates('/tmp/none');
    const first = states.claim('k', t(1, 2));
    const other = states.claim('k', t(1, 3));
    expect(other.leader).toBe(true);
    expect(other.state.file).not.toBe(first.state.file);
    other.settle(false);
    expect(await other.state.ready).toBe(false);
    expect(states.claim('k', t(1, 3)).leader).toBe(true);
  });

  it('keeps at most maxEntries states', () => {
    const states = new PrefixStates('/tmp/none', 2);
    for (const key of ['a', 'b', 'c']) states.claim(key, t(1)).release();
    expect(states.size).toBe(2);
    expect(states.claim('a', t(1)).leader).toBe(true);
  });
});

describe('StateGate', () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  it('runs shared holders together and an exclusive one alone, before later shared ones', async () => {
    const gate = new StateGate();
    const log: string[] = [];
    const first = deferred();
    const second = deferred();
    const a = gate.shared(async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
    });
    const b = gate.shared(async () => {
      log.push('b start');
      await second.promise;
      log.push('b end');
    });
    const x = gate.exclusive(async () => {
      log.push('x');
    });
    const c = gate.shared(async () => {
      log.push('c');
    });
    await Promise.resolve();
    expect(log).toEqual(['a start', 'b start']);
    first.resolve();
    await a;
    expect(log).not.toContain('x');
    second.resolve();
    await Promise.all([b, x, c]);
    expect(log).toEqual(['a start', 'b start', 'a end', 'b end', 'x', 'c']);
  });

  it('releases on errors', async () => {
    const gate = new StateGate();
    await expect(gate.exclusive(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.shared(async () => 'ok')).resolves.toBe('ok');
  });
});

describe('finishFromLlama', () => {
  it('counts only an end-of-generation token or a stop trigger as a completed answer', () => {
    expect(finishFromLlama('eogToken')).toEqual({ finishReason: 'stop' });
    expect(finishFromLlama('stopGenerationTrigger')).toEqual({ finishReason: 'stop' });
    expect(finishFromLlama('customStopTrigger')).toEqual({ finishReason: 'stop' });
    expect(finishFromLlama('maxTokens')).toEqual({ finishReason: 'length' });
    expect(finishFromLlama('abort')).toEqual({ finishReason: 'abort' });
    expect(finishFromLlama('functionCalls')).toEqual({ finishReason: 'incomplete', finishDetail: 'node-llama-cpp stopped with "functionCalls"' });
  });
});
