/// <reference types="vite/client" />

// Monaco internals reached by renderer/editor/paletteOrder.ts (no typings ship for them).
declare module 'monaco-editor/esm/vs/platform/registry/common/platform.js' {
  export const Registry: unknown;
}
declare module 'monaco-editor/esm/vs/platform/quickinput/common/quickAccess.js' {
  export const Extensions: unknown;
}
