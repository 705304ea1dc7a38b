import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ServerDbHandle } from '../db/connect';
import { migrateServerToLatest } from '../db/migrate';
import { loadedVersion, loadMedicationSafety } from './load';
import { DatasetError, readDataset, SHIPPED_DATASET_DIR } from './read-dataset';
import { datasetChecksum } from './rows';

export type WithDb = <T>(fn: (h: ServerDbHandle) => Promise<T>) => Promise<T>;

/**
 * `white-cross medication-safety load [DIR]`: migrates, then loads the dataset of DIR (the shipped
 * reference-data/medication-safety by default) in one transaction and prints what it wrote per table as JSON; a
 * dataset that is not valid is refused (every problem on stderr, by file, entry and field) with nothing written
 * and exit code 1. `white-cross medication-safety version`: the loaded version and the shipped one, as JSON.
 */
export function registerMedicationSafetyCommands(program: Command, withDb: WithDb): void {
  const cmd = program
    .command('medication-safety')
    .description(
      'the medication-safety reference dataset (drug catalog, interactions, classes, allergy cross-reactivity)',
    );
  cmd
    .command('load [dir]')
    .description(
      'load a dataset folder (default: the shipped reference-data/medication-safety) into the district database and print the counts as JSON',
    )
    .action(async (dir: string | undefined) => {
      const folder = dir ? resolve(dir) : SHIPPED_DATASET_DIR;
      let ds;
      try {
        ds = await readDataset(folder);
      } catch (e) {
        if (!(e instanceof DatasetError)) throw e;
        console.error(`the medication-safety dataset in ${folder} is not valid; nothing was loaded:`);
        for (const p of e.problems) console.error(`  ${p}`);
        process.exitCode = 1;
        return;
      }
      await withDb(async (h) => {
        await migrateServerToLatest(h.db);
        const report = await loadMedicationSafety(h.db, ds);
        console.log(JSON.stringify(report, null, 2));
      });
    });
  cmd
    .command('version')
    .description('print the loaded dataset version (newest load) and the shipped one as JSON')
    .action(async () => {
      const shipped = await readDataset(SHIPPED_DATASET_DIR);
      await withDb(async (h) => {
        const loaded = await loadedVersion(h.db, shipped.manifest.dataset).catch(() => null);
        console.log(
          JSON.stringify(
            {
              loaded: loaded && { ...loaded, loadedAt: loaded.loadedAt.toISOString() },
              shipped: {
                dataset: shipped.manifest.dataset,
                version: shipped.manifest.version,
                published: shipped.manifest.published,
                checksum: datasetChecksum(shipped),
              },
              upToDate:
                loaded !== null &&
                loaded.version === shipped.manifest.version &&
                loaded.checksum === datasetChecksum(shipped),
            },
            null,
            2,
          ),
        );
      });
    });
}
