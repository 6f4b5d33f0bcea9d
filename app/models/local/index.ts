// The `local` backend (node-llama-cpp): `local:PATH.gguf` specs are built by createLocalBackend.
export { createLocalBackend, type LocalBackendOptions, type LocalBackendStats, type LocalModelBackend } from './local-backend';
export { availableCores, chooseThreadCount } from './threads';
export { checkGgufFile, checkGgufPreamble } from './gguf-check';
