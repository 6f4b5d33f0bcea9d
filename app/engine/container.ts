// The engine's feature container: each feature (documents, checks, models, runs, reports, settings)
// contributes its share of the contract's handlers and may need to start (load something) and to
// shut down (flush, cancel, dispose). Started in the order given, shut down in reverse, so a feature
// may rely on the ones before it for its whole life (runs stop before the model they use is disposed).
import { engineMethods, type EngineHandlers } from '../common/contract';

/** One feature of the engine: the contract methods it implements and its life cycle. */
export interface EngineFeature<K extends keyof EngineHandlers = keyof EngineHandlers> {
  /** Shown in errors and logs. */
  name: string;
  handlers: Pick<EngineHandlers, K>;
  /** Awaited before the next feature starts. */
  start?(): Promise<void>;
  /** Awaited before the previous feature shuts down; errors are logged, the others still run. */
  shutdown?(): Promise<void>;
}

/** Any feature, whatever methods it implements. */
export type AnyEngineFeature = Omit<EngineFeature, 'handlers'> & { handlers: Partial<EngineHandlers> };

/** The features of one engine, in start order; `handlers` is their union (every method exactly once). */
export class EngineContainer {
  readonly handlers: EngineHandlers;

  constructor(private readonly features: readonly AnyEngineFeature[]) {
    const merged: Partial<Record<string, unknown>> = {};
    const owner = new Map<string, string>();
    for (const feature of features) {
      for (const [method, handler] of Object.entries(feature.handlers)) {
        const previous = owner.get(method);
        if (previous) throw new Error(`engine method ${method} is implemented by both ${previous} and ${feature.name}`);
        owner.set(method, feature.name);
        merged[method] = handler;
      }
    }
    const missing = Object.keys(engineMethods).filter((method) => !owner.has(method));
    if (missing.length > 0) throw new Error(`engine methods without a handler: ${missing.join(', ')}`);
    this.handlers = merged as EngineHandlers;
  }

  /** Start every feature in order; a failure stops the start (the engine cannot serve without it). */
  async start(): Promise<void> {
    for (const feature of this.features) await feature.start?.();
  }

  /** Shut every feature down, last started first. */
  async shutdown(): Promise<void> {
    for (const feature of [...this.features].reverse()) {
      await feature.shutdown?.().catch((error: Error) => console.error(`[engine] ${feature.name} shutdown: ${error.message}`));
    }
  }
}
