// The engine and models slice: the connection to the engine, what it says about itself and its
// supervisor's news, the loaded backend (the model library's own state: ../model-library.ts).
import type { BackendStatus, EngineApi, EngineInfo, EngineStatus } from '../../../app/common/contract';
import type { ConnectionState } from '../../engine/connection';

export interface ModelsSlice {
  connection: ConnectionState;
  engine: EngineApi | null;
  engineInfo: EngineInfo | null;
  /** The last engine status from the supervisor (stopped with its reason, restarted…). */
  engineStatus: EngineStatus | null;
  backend: BackendStatus | null;
}

export function modelsSlice(): ModelsSlice {
  return { connection: 'connecting', engine: null, engineInfo: null, engineStatus: null, backend: null };
}
