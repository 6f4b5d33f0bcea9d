// The engine's view of the modules it sits on. Where a module has not landed yet, a clearly marked
// shim in ./shims stands in; switch each line to the real module as it lands.
export { parseProof, remapDocument, remapAnnotations, formatFromPath } from './shims/proof'; // TODO(app/proof)
export { runVerify } from './shims/loop'; // TODO(app/loop): runVerify / runProve / runRefine
export { RunStore } from '../store';
export { createBackend } from '../models/spec';
