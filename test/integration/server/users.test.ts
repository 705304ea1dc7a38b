import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, hasLoginAccount, UserInputError } from '../../../server-sync/auth/users';
import { openServerDb, type ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { PASSWORD } from './support';

/** createUser (white-cross user create) refuses precisely; the CLI test covers the wiring. */
describe('creating accounts (PGlite)', () => {
  let h: ServerDbHandle;
  beforeAll(async () => {
    h = await openServerDb({ pgliteDir: ':memory:' });
    await migrateServerToLatest(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('needs a district first, then creates it with the first account', async () => {
    expect(await hasLoginAccount(h.db)).toBe(false);
    const base = {
      email: 'admin@example.org',
      role: 'DISTRICT_ADMIN' as const,
      password: PASSWORD,
      firstName: 'A',
      lastName: 'B',
    };
    await expect(createUser(h.db, base)).rejects.toThrow(/holds no district yet/);
    await expect(createUser(h.db, { ...base, newDistrict: { name: 'X', stateCode: 'nj' } })).rejects.toThrow(
      /newDistrict.stateCode: must be two capital letters/,
    );
    const a = await createUser(h.db, { ...base, newDistrict: { name: 'Test', stateCode: 'NJ' } });
    expect(await hasLoginAccount(h.db)).toBe(true);
    await h.db
      .insertInto('schools')
      .values({ id: 's1', district_id: a.districtId, name: 'One', school_code: 'ONE' })
      .execute();
    await expect(createUser(h.db, { ...base, email: 'ADMIN@example.org', role: 'AUDITOR' })).rejects.toThrow(
      /already exists/,
    );
    await expect(createUser(h.db, { ...base, email: 'n@example.org', role: 'NURSE' })).rejects.toThrow(
      /a NURSE needs at least one school/,
    );
    await expect(
      createUser(h.db, { ...base, email: 'n@example.org', role: 'NURSE', schools: ['TWO'] }),
    ).rejects.toThrow(/no school with id or code TWO/);
    await expect(
      createUser(h.db, {
        ...base,
        email: 'n@example.org',
        role: 'NURSE',
        password: 'short',
        schools: ['ONE'],
      }),
    ).rejects.toThrow(UserInputError);
    const n = await createUser(h.db, { ...base, email: 'n@example.org', role: 'NURSE', schools: ['ONE'] });
    expect(n.schoolIds).toEqual(['s1']);
    const grants = await h.db
      .selectFrom('user_schools')
      .select('school_id')
      .where('user_id', '=', n.id)
      .execute();
    expect(grants).toEqual([{ school_id: 's1' }]);
  });
});
