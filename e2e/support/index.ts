// e2e helpers: serve mode, Chromium, temporary workspaces, an RPC client.
export { startServe, REPO_ROOT, type ServeHandle, type StartServeOptions } from './serve';
export { launchChromium, chromiumAvailable, CHROMIUM_FLAGS, CHROMIUM_PATH, ARTIFACTS_DIR, type ChromiumHandle } from './chromium';
export { cauchyWorkspace, longProof, makeWorkspace, type TempWorkspace } from './workspace';
export { connectRpc, type WsClient } from './rpc';
export { electronBinary, displayAvailable, ensureMainBuilt } from './electron';
export { fillProveDialog, openWorkbench, pageProbes, workbenchPerFile, type ProveSizes, type WorkbenchFixture, type WorkbenchHandle } from './workbench';
