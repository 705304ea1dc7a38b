import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { UserRole } from '../../src-shared/enums';
import { appendAudit } from '../audit';
import { hashSecret, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords';
import { isDistrictWide } from './scope';

export const newUserInput = z.strictObject({
  email: z.email().max(255),
  role: z.enum(UserRole),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().max(100),
  /** School ids or school codes (NURSE and SCHOOL_ADMIN need at least one; the district-wide roles see all). */
  schools: z.array(z.string().min(1).max(64)).default([]),
  /** The district: its id; optional when the database holds exactly one. */
  districtId: z.string().min(1).optional(),
  /** Creates the district when the database holds none (the very first account). */
  newDistrict: z
    .strictObject({
      name: z.string().trim().min(1).max(200),
      stateCode: z.string().regex(/^[A-Z]{2}$/, 'must be two capital letters, e.g. NJ'),
    })
    .optional(),
});
export type NewUserInput = z.input<typeof newUserInput>;

export class UserInputError extends Error {
  override readonly name = 'UserInputError';
}

async function districtFor(
  db: Kysely<ServerDatabase>,
  input: z.infer<typeof newUserInput>,
  now: Date,
): Promise<string> {
  const districts = await db.selectFrom('districts').select(['id', 'name']).orderBy('id').execute();
  if (input.districtId) {
    if (!districts.some((d) => d.id === input.districtId))
      throw new UserInputError(`no district ${input.districtId}`);
    return input.districtId;
  }
  if (districts.length === 1 && districts[0]) return districts[0].id;
  if (districts.length > 1) {
    throw new UserInputError(
      `the database holds ${districts.length} districts: say which with --district (${districts.map((d) => `${d.id} ${d.name}`).join('; ')})`,
    );
  }
  if (!input.newDistrict) {
    throw new UserInputError(
      'the database holds no district yet: create it with this first account (--district-name and --state)',
    );
  }
  const id = uuidv7();
  await db
    .insertInto('districts')
    .values({
      id,
      name: input.newDistrict.name,
      state_code: input.newDistrict.stateCode,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** Who creates an account, for its audit entry: the CLI (the default) or an administrator in the console. */
export interface UserCreator {
  readonly userId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}
const CLI_CREATOR: UserCreator = { userId: null, ip: null, userAgent: 'white-cross cli' };

/** Creates a user with an argon2id password (white-cross user create); audited. Returns the new user's id. */
export async function createUser(
  db: Kysely<ServerDatabase>,
  raw: NewUserInput,
  now = new Date(),
  by: UserCreator = CLI_CREATOR,
): Promise<{ id: string; districtId: string; schoolIds: string[] }> {
  const parsed = newUserInput.safeParse(raw);
  if (!parsed.success) {
    throw new UserInputError(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
    );
  }
  const input = parsed.data;
  if (!isDistrictWide(input.role) && input.schools.length === 0) {
    throw new UserInputError(`a ${input.role} needs at least one school (--school <id or code>)`);
  }
  const passwordHash = await hashSecret(input.password);
  return db.transaction().execute(async (trx) => {
    const districtId = await districtFor(trx, input, now);
    const exists = await trx
      .selectFrom('users')
      .select('id')
      .where(sql<string>`lower(email)`, '=', input.email.toLowerCase())
      .executeTakeFirst();
    if (exists) throw new UserInputError(`a user with email ${input.email} already exists`);
    const schoolIds: string[] = [];
    for (const s of input.schools) {
      const school = await trx
        .selectFrom('schools')
        .select('id')
        .where('district_id', '=', districtId)
        .where((eb) => eb.or([eb('id', '=', s), eb('school_code', '=', s)]))
        .executeTakeFirst();
      if (!school) throw new UserInputError(`no school with id or code ${s} in the district`);
      schoolIds.push(school.id);
    }
    const id = uuidv7();
    await trx
      .insertInto('users')
      .values({
        id,
        district_id: districtId,
        email: input.email,
        first_name: input.firstName,
        last_name: input.lastName,
        role: input.role,
        password_hash: passwordHash,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (!isDistrictWide(input.role) && schoolIds.length > 0) {
      await trx
        .insertInto('user_schools')
        .values(schoolIds.map((school_id) => ({ user_id: id, school_id, granted_at: now })))
        .execute();
    }
    await appendAudit(trx, {
      action: 'ADMIN',
      userId: by.userId,
      deviceId: null,
      schoolId: null,
      tableName: 'users',
      recordId: id,
      ip: by.ip,
      userAgent: by.userAgent,
      details: { event: 'user_created', role: input.role, schools: schoolIds },
      at: now,
    });
    return { id, districtId, schoolIds };
  });
}

/** True when at least one active account can log in (the server then needs no first-admin hint). */
export async function hasLoginAccount(db: Kysely<ServerDatabase>): Promise<boolean> {
  const r = await db
    .selectFrom('users')
    .select('id')
    .where('password_hash', 'is not', null)
    .where('is_active', '=', true)
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}
