import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The renderer (src-renderer) is built into dist-renderer/, which both the Electron window (file://) and the
 * browser-mode workstation (`npm run workstation`, served from 127.0.0.1) load; `base: './'` keeps every asset
 * URL relative so the same build works in both.
 */
const root = fileURLToPath(new URL('./src-renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist-renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // One stylesheet file and no inline scripts or modulepreload polyfill: the CSP allows only 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
