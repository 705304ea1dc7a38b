import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_FILES,
  generateServerSchemaModule,
  generateWorkstationSchemaModule,
} from '../support/generated';

const root = join(import.meta.dirname, '..', '..');

/** The zod schemas and Kysely types in src-shared are generated from the migrated databases; they must not drift. */
describe('generated schemas agree with the migrations', () => {
  it('server-schema.generated.ts equals what the migrated PostgreSQL yields', async () => {
    const committed = readFileSync(join(root, GENERATED_FILES.server), 'utf8');
    expect(await generateServerSchemaModule(), 'run `npm run db:codegen`').toBe(committed);
  });
  it('workstation-schema.generated.ts equals what the migrated SQLite yields', async () => {
    const committed = readFileSync(join(root, GENERATED_FILES.workstation), 'utf8');
    expect(await generateWorkstationSchemaModule(), 'run `npm run db:codegen`').toBe(committed);
  });
});
