// Builds the Electron entry points (package.json "main") from src-main/electron: the main process and the
// sandboxed preload, each one CommonJS file in dist-electron/. Native modules stay external (electron-builder
// rebuilds them for Electron and unpacks them from the asar archive).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: ['src-main/electron/main.ts'],
  outfile: 'dist-electron/main.cjs',
  external: ['electron', 'better-sqlite3-multiple-ciphers', '@node-rs/argon2'],
});
// the preload runs sandboxed: only `electron` (contextBridge, ipcRenderer) may be required, so everything is bundled
// (it imports only src-shared/ipc/channel.ts: the method names arrive from the main process at run time)
await build({
  ...common,
  entryPoints: ['src-main/electron/preload.ts'],
  outfile: 'dist-electron/preload.cjs',
  external: ['electron'],
});
console.log('built dist-electron/main.cjs and dist-electron/preload.cjs');
