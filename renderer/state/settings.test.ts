// Settings saved through the engine show at once (reviewer rev19 F9: the "Meta-verify findings"
// checkbox did not change on a click until the engine answered), and a failed save puts back what was
// shown, with why.
import { describe, expect, it } from 'vitest';
import type { EngineApi } from '../../app/common/contract';
import { updateSettings, useWorkbench } from './store';

const settings = { backend: null, profile: 'labelled', sampling: { temperature: 1, topP: 1, maxTokens: 100 }, concurrency: 1, verify: { samples: 4, meta: false, evidence: true, evidenceWithDeepseek: false }, prove: { candidates: 1, samples: 1, rounds: 1, topK: 1 }, theme: 'system' } as const;

/** An engine whose setSettings answers only when the test says (resolve or reject). */
function slowEngine() {
  const pending: { resolve: (v: unknown) => void; reject: (e: Error) => void; patch: unknown }[] = [];
  const engine = { setSettings: (patch: unknown) => new Promise((resolve, reject) => pending.push({ resolve, reject, patch })) } as unknown as EngineApi;
  return { engine, pending };
}

describe('updateSettings', () => {
  it('shows a ticked checkbox before the engine answers, keeping the rest of its group', async () => {
    const { engine, pending } = slowEngine();
    useWorkbench.setState({ engine, settings: structuredClone(settings) as never, notice: null });
    const saving = updateSettings({ verify: { meta: true } });
    expect(useWorkbench.getState().settings?.verify).toEqual({ samples: 4, meta: true, evidence: true, evidenceWithDeepseek: false });
    const saved = { ...structuredClone(settings), verify: { ...settings.verify, meta: true } };
    pending[0].resolve(saved);
    await saving;
    expect(useWorkbench.getState().settings).toEqual(saved);
  });

  it('puts back what was shown when the save fails, and says so', async () => {
    const { engine, pending } = slowEngine();
    useWorkbench.setState({ engine, settings: structuredClone(settings) as never, notice: null });
    const saving = updateSettings({ verify: { meta: true } });
    expect(useWorkbench.getState().settings?.verify.meta).toBe(true);
    pending[0].reject(new Error('disk full'));
    await saving;
    expect(useWorkbench.getState().settings?.verify.meta).toBe(false);
    expect(useWorkbench.getState().notice?.text).toMatch(/Could not save the settings.*disk full/);
  });

  it('keeps the latest click when two saves answer out of order', async () => {
    const { engine, pending } = slowEngine();
    useWorkbench.setState({ engine, settings: structuredClone(settings) as never, notice: null });
    const first = updateSettings({ verify: { meta: true } });
    const second = updateSettings({ verify: { meta: false } });
    expect(useWorkbench.getState().settings?.verify.meta).toBe(false);
    pending[1].resolve({ ...structuredClone(settings), verify: { ...settings.verify, meta: false } });
    await second;
    pending[0].resolve({ ...structuredClone(settings), verify: { ...settings.verify, meta: true } });
    await first;
    expect(useWorkbench.getState().settings?.verify.meta).toBe(false);
  });
});
