import type { Command } from 'commander';
import type { ServerDbHandle } from '../db/connect';
import { readRosterPath } from './files';
import { runImport } from './run';

export type WithDb = <T>(fn: (h: ServerDbHandle) => Promise<T>) => Promise<T>;

/** `white-cross sis import FILE.zip|DIR [--dry-run] [--config ID] [--district ID]`: prints the counts and errors as JSON. */
export function registerSisCommands(program: Command, withDb: WithDb): void {
  const sis = program.command('sis').description('the student information system roster (OneRoster CSV)');
  sis
    .command('import <path>')
    .description(
      'import a OneRoster 1.1/1.2 CSV set (a zip, or a directory with manifest.csv, orgs.csv, users.csv...) and print {"read","created","updated","transferred","withdrawn","unchanged","errors":[{"file","line","sourcedId","field","reason"}],...} as JSON',
    )
    .option('--dry-run', 'plan only: print what would change, write nothing', false)
    .option('--config <id>', 'the SIS configuration (sis_sync_configs) whose mappings and rules apply')
    .option('--district <id>', 'the district (needed only when the database holds several)')
    .action((path: string, o: { dryRun: boolean; config?: string; district?: string }) =>
      withDb(async (h) => {
        const files = await readRosterPath(path);
        const districts = await h.db.selectFrom('districts').select('id').orderBy('id').execute();
        const districtId = o.district ?? (districts.length === 1 ? districts[0]?.id : undefined);
        if (districtId === undefined)
          throw new Error(
            districts.length === 0
              ? 'the database holds no district: create one first (white-cross seed-demo, or the setup)'
              : `the database holds ${districts.length} districts: name one with --district (${districts.map((d) => d.id).join(', ')})`,
          );
        const r = await runImport(h.db, {
          files,
          source: path,
          districtId,
          configId: o.config,
          dryRun: o.dryRun,
          userId: null,
          trigger: 'MANUAL',
          at: new Date(),
        });
        process.stdout.write(`${JSON.stringify(r)}\n`);
      }),
    );
}
