import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The district console (src-renderer/console, with the workstation's components and styles) is built into
 * dist-console/, which the district server serves at /console (server-sync/console/static.ts). `base: '/console/'`:
 * asset URLs are absolute, so a deep page address (/console/audit) loads them too.
 */
const root = fileURLToPath(new URL('./src-renderer/console', import.meta.url));
const outDir = fileURLToPath(new URL('./dist-console', import.meta.url));

export default defineConfig({
  root,
  base: '/console/',
  publicDir: fileURLToPath(new URL('./src-renderer/public', import.meta.url)),
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
