// The workbench state: one zustand store (workbench.ts) made of feature slices (slices/), and the
// actions per feature: documents and the editor (documents.ts), findings and checks (findings.ts),
// runs, history, review and report (run-actions.ts), engine and model (models.ts), settings
// (settings.ts). This file re-exports them all, so `import … from 'renderer/state/store'` keeps working.
export { useWorkbench, notify, type WorkbenchState } from './workbench';
export type { ThemeChoice } from './slices/settings';
export type { BottomTab, Dialog, Notice } from './slices/ui';
export type { Review } from './slices/runs';
export * from './documents';
export * from './findings';
export * from './run-actions';
export * from './models';
export * from './settings';
