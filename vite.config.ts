// Builds the renderer (React UI) into dist/renderer; served by serve mode and loaded by Electron.
// Everything is bundled locally (Monaco, its editor worker via `?worker`, KaTeX and its fonts): the
// page runs under CSP `script-src 'self'` with no eval and no CDN.
import { defineConfig, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig(({ command }) => {
  // A build is a production build even when started from a test runner that sets NODE_ENV=test
  // (vitest's global setup): otherwise React's development build would ship.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});

const config: UserConfig = {
  root: 'renderer',
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Monaco's core alone is ~3 MB; a desktop app loads it from disk, so one big chunk is fine.
    chunkSizeWarningLimit: 6000,
  },
};
