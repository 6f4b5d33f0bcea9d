// Builds the editor-only page of bench/latency.bench.ts into dist/latency-floor (served by serve
// mode's static files like the renderer). Same worker set-up as the renderer's vite.config.ts.
import { defineConfig, type UserConfig } from 'vite';

const config: UserConfig = {
  root: 'bench/latency-floor',
  base: './',
  worker: { format: 'es' },
  logLevel: 'warn',
  build: { outDir: '../../dist/latency-floor', emptyOutDir: true, chunkSizeWarningLimit: 6000 },
};

export default defineConfig(() => {
  // A production build, as the renderer's (the bench may run under NODE_ENV=test).
  process.env.NODE_ENV = 'production';
  return config;
});
