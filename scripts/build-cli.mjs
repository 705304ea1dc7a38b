// Builds the `white-cross` command (package.json bin) from server-sync/cli.ts. Runs on `npm install`/`npm ci` (prepare).
import { build } from 'esbuild';

await build({
  entryPoints: ['server-sync/cli.ts'],
  outfile: 'dist/white-cross.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
console.log('built dist/white-cross.mjs');
