// For tests: the engine service behind the real contract over an in-memory channel pair, so every call
// and result is schema-checked as it would be across a process boundary.
import { createChannelPair, createEngineClient, serveEngine, type ClientHandlers, type EngineApi } from '../../common/contract';
import { createEngineService, type EngineService, type EngineServiceOptions } from '../service';

export async function startInProcessEngine(
  options: EngineServiceOptions & { userData: string },
  handlers: Partial<ClientHandlers> = {},
): Promise<{ service: EngineService; engine: EngineApi }> {
  const service = await createEngineService(options);
  const [a, b] = createChannelPair();
  service.setClient(serveEngine(b, service.handlers).client);
  return { service, engine: createEngineClient(a, handlers).engine };
}
