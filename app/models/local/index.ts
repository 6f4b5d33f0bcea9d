// The `local` backend: `local:PATH.gguf` specs are built by createLocalBackend (llama-server out of
// process when found, else node-llama-cpp in process).
export { createLocalBackend } from './create';
export { createInProcessBackend, type LocalBackendOptions, type LocalBackendStats, type LocalModelBackend } from './local-backend';
export { findLlamaRuntimeBinary, findLlamaServerBinary, type LlamaRuntimeBinary, type LlamaServerBinary } from './server-binary';
export { availableCores, chooseServerThreads, chooseThreadCount } from './threads';
export { checkGgufFile, checkGgufPreamble } from './gguf-check';
