import type { Command } from 'commander';
import { SupportingDataError } from '../../src-shared/immunizations/supporting-data';
import { forecastCommand } from './forecast-cli';
import { readSupportingData, type LoadedSupportingData } from './supporting-data';

/** The one-line JSON summary of a release that `white-cross immunizations supporting-data` prints. */
export function supportingDataSummary(loaded: LoadedSupportingData) {
  const { data } = loaded;
  const antigens = Object.keys(data.antigens);
  return {
    version: loaded.version,
    versionFrom: loaded.versionFrom,
    dir: loaded.dir,
    checksum: loaded.checksum,
    files: loaded.files.length,
    antigens: { count: antigens.length, names: antigens },
    series: Object.values(data.antigens).reduce((n, a) => n + a.series.length, 0),
    vaccineGroups: data.schedule.vaccineGroups.map((g) => g.name),
    cvxCodes: Object.keys(data.cvxAntigens).length,
    liveVirusConflicts: data.schedule.liveVirusConflicts.length,
    observations: data.schedule.observations.length,
  };
}

/**
 * `white-cross forecast` (forecast-cli.ts) and `white-cross immunizations supporting-data [DIR]`: reads and checks a release of CDC's CDSi supporting data (the
 * shipped reference-data/cdsi/<version> by default) and prints one JSON line: its version, checksum, antigens,
 * series, vaccine groups and mapped CVX codes. A release that is not valid prints every problem on stderr (file and
 * element path) and exits 1.
 */
export function registerImmunizationCommands(program: Command): void {
  const cmd = program
    .command('immunizations')
    .description("immunizations: CDC's CDSi supporting data the evaluation and forecast read");
  cmd
    .command('supporting-data [dir]')
    .description(
      "read and check a release of CDC's CDSi supporting data (default: the shipped reference-data/cdsi/<version>) and print its summary as one JSON line",
    )
    .action(async (dir: string | undefined) => {
      try {
        console.log(JSON.stringify(supportingDataSummary(await readSupportingData(dir))));
      } catch (e) {
        if (!(e instanceof SupportingDataError)) throw e;
        console.error(`CDC's CDSi supporting data${dir ? ` in ${dir}` : ''} is not valid:`);
        for (const p of e.problems) console.error(`  ${p}`);
        process.exitCode = 1;
      }
    });
  program
    .command('forecast')
    .description(
      "CDC's CDSi evaluation and forecast: run one of CDC's test case files (--cdsi-cases FILE.csv: each failure, a JSON summary by vaccine group, 'P passed, F failed') or one patient (--patient FILE.json: evaluation and forecast per vaccine group as JSON)",
    )
    .option(
      '--cdsi-cases <file>',
      "one of CDC's CDSi test case files (CSV: healthy or underlying conditions)",
    )
    .option(
      '--patient <file>',
      'a patient as JSON: {"birthDate","gender","assessmentDate","doses":[{"date","cvx","mvx"}],"observations":["code"]}',
    )
    .option('--supporting-data <dir>', "a release of CDC's supporting data (default: the shipped one)")
    .action(async (options: unknown) => {
      process.exitCode = await forecastCommand(options);
    });
}
