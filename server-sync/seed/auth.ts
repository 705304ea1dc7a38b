import type { DistrictRec } from './district';
import {
  insertMany,
  sectionFaker,
  addDays,
  addMinutes,
  fakeSha256,
  localTime,
  newId,
  weekday,
  type SeedContext,
  type NewRow,
} from './helpers';

/**
 * Login history as refresh-token families (auth_refresh_tokens): each user's current session, started
 * at last_login_at and rotated every 15 minutes (the access-token lifetime) while in use, and an earlier
 * session that ended with a logout. Only hashes of random tokens nobody holds: these sessions cannot be
 * resumed. Nurses sign in on their school's workstation; other staff on the web.
 */
export async function seedSessions(ctx: SeedContext, district: DistrictRec): Promise<void> {
  const { staff, schools } = district;
  const f = sectionFaker(ctx.options.seed, 'sessions');
  const ttl = 30 * 24 * 60;
  const rows: NewRow<'auth_refresh_tokens'>[] = [];
  const family = (userId: string, deviceId: string | null, login: Date, until: Date, logout: boolean) => {
    const familyId = newId(f, login);
    const tokens: { id: string; issued: Date }[] = [];
    for (
      let t = login;
      t.getTime() <= until.getTime() && tokens.length < 40;
      t = addMinutes(t, 15 + f.number.int({ min: 0, max: 3 }))
    ) {
      tokens.push({ id: newId(f, t), issued: t });
    }
    const revokedAt = logout
      ? addMinutes(tokens[tokens.length - 1]?.issued ?? login, f.number.int({ min: 1, max: 14 }))
      : null;
    // Successor first, so replaced_by always names a row already inserted.
    for (let k = tokens.length - 1; k >= 0; k--) {
      const tk = tokens[k];
      const next = tokens[k + 1];
      if (!tk) continue;
      rows.push({
        id: tk.id,
        family_id: familyId,
        user_id: userId,
        device_id: deviceId,
        token_hash: fakeSha256(f),
        issued_at: tk.issued,
        expires_at: addMinutes(tk.issued, ttl),
        used_at: next ? next.issued : null,
        revoked_at: revokedAt,
        revoked_reason: revokedAt ? 'LOGOUT' : null,
        replaced_by: next ? next.id : null,
      });
    }
  };
  for (const u of staff) {
    const deviceId =
      u.role === 'NURSE' ? (schools.find((s) => s.id === u.schoolIds[0])?.deviceId ?? null) : null;
    const login = u.lastLoginAt;
    // An earlier working day's session, ended by a logout.
    let day = addDays(ctx.today, -f.number.int({ min: 8, max: 12 }));
    while (weekday(day) === 0 || weekday(day) === 6) day = addDays(day, -1);
    const earlier = addMinutes(localTime(day, 7, 30), f.number.int({ min: 0, max: 60 }));
    if (earlier.getTime() > ctx.setupAt.getTime())
      family(u.id, deviceId, earlier, addMinutes(earlier, f.number.int({ min: 45, max: 240 })), true);
    if (login) {
      const endOfDay = localTime(login.toISOString().slice(0, 10), 16, 0);
      family(
        u.id,
        deviceId,
        login,
        endOfDay.getTime() < ctx.options.asOf.getTime() ? endOfDay : ctx.options.asOf,
        false,
      );
    }
  }
  await insertMany(ctx.db, 'auth_refresh_tokens', rows, ctx.progress);
}
