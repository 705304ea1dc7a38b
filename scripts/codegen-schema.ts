/**
 * npm run db:codegen [-- --check]: migrates a throwaway PGlite and SQLite database to the latest version and
 * writes src-shared/db/{server,workstation}-schema.generated.ts from what they hold.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateServerSchemaModule,
  generateWorkstationSchemaModule,
  GENERATED_FILES,
} from '../test/support/generated';

const check = process.argv.includes('--check');
const root = join(import.meta.dirname, '..');
const outputs: [string, string][] = [
  [GENERATED_FILES.server, await generateServerSchemaModule()],
  [GENERATED_FILES.workstation, await generateWorkstationSchemaModule()],
];
let stale = 0;
for (const [rel, text] of outputs) {
  const path = join(root, rel);
  let old = '';
  try {
    old = readFileSync(path, 'utf8');
  } catch {
    /* first run */
  }
  if (old === text) {
    console.log(`${rel}: up to date`);
  } else if (check) {
    console.error(`${rel}: out of date; run npm run db:codegen`);
    stale++;
  } else {
    writeFileSync(path, text);
    console.log(`${rel}: written`);
  }
}
process.exitCode = stale ? 1 : 0;
