// Builds the split-preview latency pages of bench/latency-split.ts into dist/latency-split: the main
// page (the proof editor, and the preview inline or in an iframe) and the preview page (the iframe's
// document). Same worker set-up as the renderer's vite.config.ts; React through its plugin, as there.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

const config: UserConfig = {
  root: 'bench/latency-split',
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  logLevel: 'warn',
  build: {
    outDir: '../../dist/latency-split',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    rollupOptions: { input: { index: resolve(here, 'index.html'), preview: resolve(here, 'preview.html') } },
  },
};

export default defineConfig(() => {
  // A production build, as the renderer's (the bench may run under NODE_ENV=test).
  process.env.NODE_ENV = 'production';
  return config;
});
