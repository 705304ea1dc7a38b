import type { Command } from 'commander';
import { sql } from 'kysely';
import { UserRole } from '../../src-shared/enums';
import { issueEnrollmentCode } from '../admin';
import { appendAudit } from '../audit';
import type { ServerDbHandle } from '../db/connect';
import { migrateServerToLatest } from '../db/migrate';
import { createUser, UserInputError } from './users';
import { ADMIN_ROLES } from '../../src-shared/auth';

/** cli.ts's withDb: opens the configured database for one command. */
export type WithDb = <T>(fn: (h: ServerDbHandle) => Promise<T>) => Promise<T>;

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd();
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** `white-cross user create` and `white-cross enroll-code`. */
export function registerAuthCommands(program: Command, withDb: WithDb): void {
  const user = program.command('user').description('district staff accounts');
  user
    .command('create')
    .description(
      'create an account that can log in (the password is read from standard input). With an empty database, also creates the district: --district-name and --state',
    )
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--role <role>', `one of ${UserRole.join(', ')}`)
    .option(
      '--school <id-or-code>',
      'a school the user works at (repeat for several; NURSE and SCHOOL_ADMIN)',
      collect,
      [],
    )
    .option('--first-name <name>', 'first name (default: the part of the email before @)')
    .option('--last-name <name>', 'last name', '')
    .option('--district <id>', 'district id (when the database holds several)')
    .option('--district-name <name>', 'create the district with this name (empty database only)')
    .option('--state <code>', 'two-letter state of the new district, e.g. NJ')
    .requiredOption('--password-stdin', 'read the password (at least 12 characters) from standard input')
    .action(
      (opts: {
        email: string;
        role: string;
        school: string[];
        firstName?: string;
        lastName: string;
        district?: string;
        districtName?: string;
        state?: string;
      }) =>
        withDb(async (h) => {
          await migrateServerToLatest(h.db);
          const password = await readStdinLine();
          try {
            const created = await createUser(h.db, {
              email: opts.email,
              role: opts.role as UserRole,
              password,
              firstName: opts.firstName ?? opts.email.split('@')[0] ?? opts.email,
              lastName: opts.lastName,
              schools: opts.school,
              ...(opts.district ? { districtId: opts.district } : {}),
              ...(opts.districtName || opts.state
                ? { newDistrict: { name: opts.districtName ?? '', stateCode: opts.state ?? '' } }
                : {}),
            });
            console.log(
              `created ${opts.role} ${opts.email} (user ${created.id}, district ${created.districtId}${created.schoolIds.length ? `, schools ${created.schoolIds.join(', ')}` : ''})`,
            );
          } catch (e) {
            if (e instanceof UserInputError) throw new Error(`user create: ${e.message}`);
            throw e;
          }
        }),
    );

  program
    .command('enroll-code')
    .description('print a one-time code (valid 7 days) that enrolls one workstation for a school')
    .requiredOption('--school <id-or-code>', 'the school the workstation will serve')
    .option('--by <email>', 'the administrator issuing it (default: the first district administrator)')
    .action((opts: { school: string; by?: string }) =>
      withDb(async (h) => {
        await migrateServerToLatest(h.db);
        const school = await h.db
          .selectFrom('schools')
          .select(['id', 'district_id', 'name'])
          .where((eb) => eb.or([eb('id', '=', opts.school), eb('school_code', '=', opts.school)]))
          .executeTakeFirst();
        if (!school) throw new Error(`enroll-code: no school with id or code ${opts.school}`);
        let q = h.db
          .selectFrom('users')
          .select(['id', 'email'])
          .where('district_id', '=', school.district_id)
          .where('is_active', '=', true)
          .where('deleted_at', 'is', null);
        q = opts.by
          ? q.where(sql<string>`lower(email)`, '=', opts.by.toLowerCase()).where('role', 'in', ADMIN_ROLES)
          : q.where('role', '=', 'DISTRICT_ADMIN').orderBy('created_at').orderBy('id');
        const issuer = await q.executeTakeFirst();
        if (!issuer) {
          throw new Error(
            opts.by
              ? `enroll-code: ${opts.by} is not an active administrator of the school's district`
              : 'enroll-code: the district has no administrator yet: create one with white-cross user create --role DISTRICT_ADMIN',
          );
        }
        const now = new Date();
        const issued = await h.db.transaction().execute(async (trx) => {
          const c = await issueEnrollmentCode(trx, { schoolId: school.id, createdBy: issuer.id, now });
          await appendAudit(trx, {
            action: 'ADMIN',
            userId: issuer.id,
            deviceId: null,
            schoolId: school.id,
            tableName: 'device_enrollment_codes',
            recordId: c.id,
            ip: null,
            userAgent: 'white-cross cli',
            details: { event: 'enrollment_code_issued' },
            at: now,
          });
          return c;
        });
        console.error(
          `enrollment code for ${school.name}, valid until ${issued.expiresAt.toISOString()} (one use):`,
        );
        console.log(issued.code);
      }),
    );
}

/** Printed by `white-cross serve` while no account can log in. */
export const FIRST_ADMIN_HINT = [
  'No account can log in yet. Create the first district administrator (this also creates the district):',
  "  printf '%s\\n' 'a long passphrase' | white-cross user create --email admin@example.org --role DISTRICT_ADMIN \\",
  "      --first-name Ada --last-name Admin --district-name 'Example School District' --state NJ --password-stdin",
  '(npm run: npx white-cross ...; the same DATABASE_URL / WHITE_CROSS_DATA_DIR as the server)',
].join('\n');
