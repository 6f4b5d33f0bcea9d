import { describe, expect, it } from 'vitest';
import { engineMethods, type EngineHandlers } from '../common/contract';
import { EngineContainer, type AnyEngineFeature } from './container';

/** Features that split every contract method between them, recording their start and shutdown. */
function features(log: string[], names: string[]): AnyEngineFeature[] {
  const methods = Object.keys(engineMethods);
  const share = Math.ceil(methods.length / names.length);
  return names.map((name, i) => ({
    name,
    handlers: Object.fromEntries(methods.slice(i * share, (i + 1) * share).map((m) => [m, () => name])) as Partial<EngineHandlers>,
    start: async () => void log.push(`start ${name}`),
    shutdown: async () => {
      log.push(`stop ${name}`);
      if (name === 'b') throw new Error('disk full');
    },
  }));
}

describe('EngineContainer', () => {
  it('starts features in order and shuts them down in reverse, past a failing one', async () => {
    const log: string[] = [];
    const container = new EngineContainer(features(log, ['a', 'b', 'c']));
    await container.start();
    await container.shutdown();
    expect(log).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a']);
  });

  it('refuses a method implemented twice or not at all', () => {
    const [a, b] = features([], ['a', 'b']);
    expect(() => new EngineContainer([a])).toThrow(/without a handler: .+/);
    expect(() => new EngineContainer([a, b, { name: 'c', handlers: { engineInfo: a.handlers.engineInfo ?? b.handlers.engineInfo } }])).toThrow(
      /engineInfo is implemented by both (a|b) and c/,
    );
  });
});
