import { copyFileSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DISTRICT_REPORTS } from '../../src-shared/reports/district';
import type { UserRole } from '../../src-shared/enums';
import { schoolIdsOf } from '../auth/scope';
import type { ServerDbHandle } from '../db/connect';
import { ReportError } from './errors';
import { checkRun, runDistrictReport } from './service';
import type { ReportDeps } from './types';

export type WithDb = <T>(fn: (h: ServerDbHandle) => Promise<T>) => Promise<T>;

/** What the report commands need of the composition root: the database, the data folder, the renderer and key. */
export interface ReportCliDeps {
  readonly withDb: WithDb;
  readonly dataDir: () => string;
  readonly deps: (h: ServerDbHandle, dataDir: string) => ReportDeps;
}

function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
}

/** `--param k=v`, repeatable: the values in an object; a malformed one (no '=') is refused naming it. */
function collectParam(v: string, acc: Record<string, string>): Record<string, string> {
  const i = v.indexOf('=');
  if (i < 1) throw new ReportError('BAD_PARAMETER', v, 'write parameters as --param name=value');
  const key = v.slice(0, i);
  if (Object.prototype.hasOwnProperty.call(acc, key))
    throw new ReportError('BAD_PARAMETER', key, 'given twice');
  return { ...acc, [key]: v.slice(i + 1) };
}

/** The district reports as JSON: [{ name, title, parameters: [{ name, type, required }] }]. */
export const reportListJson = (): string =>
  JSON.stringify(
    DISTRICT_REPORTS.map((r) => ({
      name: r.name,
      title: r.title,
      parameters: r.parameters.map((p) => ({ name: p.name, type: p.type, required: p.required })),
    })),
    null,
    2,
  );

const ROLE_PREFERENCE: readonly UserRole[] = [
  'DISTRICT_ADMIN',
  'AUDITOR',
  'SCHOOL_ADMIN',
  'NURSE',
  'BILLING',
];

/**
 * `white-cross report list | run NAME --param k=v ... --out FILE.pdf [--as EMAIL]` (alias `reports`). A run is the
 * same as the console's: checked, audited, stored as an instance with its file in the server's data folder; --out
 * gets a copy. A bad parameter stops before anything is written, names it, and exits non-zero.
 */
export function registerReportCommands(program: Command, cli: ReportCliDeps): Command {
  const report = program
    .command('report')
    .alias('reports')
    .description('district reports (PDF): list them, run one, make or import the signing key');

  report
    .command('list')
    .description('the district reports and their parameters, as JSON')
    .action(() => {
      console.log(reportListJson());
    });

  report
    .command('run <name>')
    .description('run a district report and write its PDF to --out (also kept as an instance on the server)')
    .option(
      '--param <name=value>',
      'a parameter (repeat): schoolId, studentId, userId, from, to (YYYY-MM-DD)',
      collectParam,
      {},
    )
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option(
      '--as <email>',
      'the user who runs it (default: the first active user whose role may run the report)',
    )
    .action(async (name: string, opts: { param: Record<string, string>; out: string; as?: string }) => {
      const out = resolve(opts.out);
      // the definition and parameters first, before any database is opened
      const meta = DISTRICT_REPORTS.find((r) => r.name === name);
      if (!meta) {
        return fail(
          `report run: unknown report '${name}' (reports: ${DISTRICT_REPORTS.map((r) => r.name).join(', ')})`,
        );
      }
      try {
        checkRun(name, meta.roles[0] ?? 'DISTRICT_ADMIN', opts.param);
      } catch (e) {
        return fail(`report run ${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
      await cli.withDb(async (h) => {
        let q = h.db
          .selectFrom('users')
          .select(['id', 'role', 'district_id', 'email'])
          .where('is_active', '=', true)
          .where('deleted_at', 'is', null);
        q = opts.as ? q.where('email', '=', opts.as.toLowerCase()) : q.where('role', 'in', [...meta.roles]);
        const users = await q.orderBy('email').execute();
        users.sort((a, b) => ROLE_PREFERENCE.indexOf(a.role) - ROLE_PREFERENCE.indexOf(b.role));
        const user = users[0];
        if (!user)
          return fail(
            opts.as
              ? `report run: no active user ${opts.as}`
              : `report run: no active user with the role ${meta.roles.join(' or ')} to run '${name}' (use --as EMAIL)`,
          );
        const schoolIds = await schoolIdsOf(h.db, user);
        try {
          const r = await runDistrictReport(
            cli.deps(h, cli.dataDir()),
            {
              userId: user.id,
              role: user.role,
              districtId: user.district_id,
              schoolIds,
              deviceId: null,
              ip: null,
              userAgent: 'white-cross cli',
            },
            name,
            opts.param,
          );
          if (r.status !== 'COMPLETED' || !r.file)
            return fail(`report run ${name}: generation failed: ${r.error ?? '?'}`);
          const tmp = `${out}.part`;
          try {
            copyFileSync(r.file, tmp);
            renameSync(tmp, out);
          } catch (e) {
            rmSync(tmp, { force: true });
            throw e;
          }
          console.error(`report ${name} run as ${user.email} (${user.role}): instance ${r.instanceId}`);
          console.log(
            JSON.stringify({
              instanceId: r.instanceId,
              file: out,
              pages: r.pageCount,
              bytes: r.sizeBytes,
              sha256: r.sha256,
              signed: r.signed,
            }),
          );
        } catch (e) {
          return fail(`report run ${name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      });
    });
  return report;
}
