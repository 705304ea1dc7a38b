import { shareAccessToken } from '../../src-shared/document-sharing';
import { shareSecretHash } from '../document-sharing';
import type { Faker } from '@faker-js/faker';
import {
  addDays,
  addMinutes,
  between,
  chance,
  idAt,
  insertMany,
  isoDate,
  json,
  localTime,
  type NewRow,
  pick,
  readUsers,
  readUserSchools,
  sectionFaker,
  type SeedContext,
  sha256Hex,
  type UserRow,
  usersOf,
  weekday,
  weighted,
} from './helpers';

/**
 * Secure shares of the documents already seeded: shared_documents, their access tokens, permissions and
 * access audit (share_access_audit).
 */

const USER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
];

/** A public address from the documentation ranges (RFC 5737): realistic-looking, never a real host. */
const publicIp = (f: Faker): string =>
  `${pick(f, ['192.0.2', '198.51.100', '203.0.113'])}.${f.number.int({ min: 2, max: 254 })}`;

interface Recipient {
  kind: 'PARENT' | 'PHYSICIAN' | 'SCHOOL' | 'CAMP';
  email: string;
  purpose: string;
}

async function seedShares(
  ctx: SeedContext,
  users: readonly UserRow[],
  schoolsOfUser: Map<string, string[]>,
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'reporting.sharing');
  const documents = await ctx.db
    .selectFrom('documents')
    .select(['id', 'school_id', 'student_id', 'title', 'document_type', 'uploaded_by', 'created_at'])
    .where('deleted_at', 'is', null)
    .where('student_id', 'is not', null)
    .where('document_type', '<>', 'STUDENT_PHOTO')
    .orderBy('id')
    .execute();
  const guardians = await ctx.db
    .selectFrom('guardians')
    .distinctOn('student_id')
    .select(['student_id', 'email', 'first_name', 'last_name'])
    .where('deleted_at', 'is', null)
    .where('email', 'is not', null)
    .orderBy('student_id')
    .orderBy('is_primary_contact', 'desc')
    .orderBy('contact_priority')
    .orderBy('id')
    .execute();
  const guardianOf = new Map(guardians.map((g) => [g.student_id, g] as const));
  const byId = new Map(users.map((u) => [u.id, u] as const));

  const shares: NewRow<'shared_documents'>[] = [];
  const tokens: NewRow<'document_access_tokens'>[] = [];
  const permissions: NewRow<'sharing_permissions'>[] = [];
  const audit: NewRow<'share_access_audit'>[] = [];

  for (const doc of documents) {
    if (!chance(f, doc.document_type === 'ACTION_PLAN' ? 0.18 : 0.3)) continue;
    const from = new Date(Math.max(doc.created_at.getTime(), ctx.setupAt.getTime()));
    if (from.getTime() >= ctx.options.asOf.getTime()) continue;
    let createdAt = between(f, from, ctx.options.asOf);
    const day = isoDate(createdAt);
    createdAt = localTime(
      weekday(day) === 0 ? addDays(day, 1) : weekday(day) === 6 ? addDays(day, 2) : day,
      f.number.int({ min: 8, max: 15 }),
      f.number.int({ min: 0, max: 59 }),
    );
    if (createdAt.getTime() > ctx.options.asOf.getTime() || createdAt.getTime() < doc.created_at.getTime())
      continue;
    const uploader = byId.get(doc.uploaded_by);
    const nurses = usersOf(users, ['NURSE'], doc.school_id, schoolsOfUser);
    const sharer = uploader?.role === 'NURSE' ? uploader : nurses.length ? pick(f, nurses) : uploader;
    if (!sharer) continue;
    const guardian = guardianOf.get(doc.student_id ?? '');
    const recipient: Recipient = weighted(f, [
      [
        {
          kind: 'PARENT',
          email: guardian?.email ?? f.internet.exampleEmail(),
          purpose: `Copy of "${doc.title}" requested by the parent/guardian for the family's records`,
        },
        guardian ? 40 : 5,
      ],
      [
        {
          kind: 'PHYSICIAN',
          email: `records@${f.person
            .lastName()
            .toLowerCase()
            .replace(/[^a-z]/g, '')}pediatrics.example.com`,
          purpose: `Sent to the student's primary care office for review and signature (${doc.document_type.toLowerCase().replaceAll('_', ' ')})`,
        },
        30,
      ],
      [
        {
          kind: 'SCHOOL',
          email: `nurse@${f.location
            .city()
            .toLowerCase()
            .replace(/[^a-z]/g, '')}.k12.example.org`,
          purpose: 'Health records transfer to the receiving school district (student transferred)',
        },
        15,
      ],
      [
        {
          kind: 'CAMP',
          email: `health@${f.word
            .noun()
            .toLowerCase()
            .replace(/[^a-z]/g, '')}camp.example.org`,
          purpose: 'Action plan shared with the summer camp health director, with parent authorization',
        },
        10,
      ],
    ]);
    const days = recipient.kind === 'SCHOOL' ? 30 : pick(f, [7, 14, 14, 30]);
    const expires = addMinutes(createdAt, days * 24 * 60);
    const maxAccess = recipient.kind === 'PARENT' ? pick(f, [3, 5, null]) : pick(f, [5, 10, null]);
    const requirePassword = recipient.kind !== 'PARENT' && chance(f, 0.4);
    const download = recipient.kind !== 'PARENT' || chance(f, 0.5);
    const print = download && chance(f, 0.7);
    const shareId = idAt(f, createdAt);

    // Accesses over the share's life.
    type Access = {
      at: Date;
      type: 'VIEW' | 'DOWNLOAD' | 'PRINT' | 'DENIED';
      granted: boolean;
      reason: string | null;
    };
    const accesses: Access[] = [];
    let t = addMinutes(createdAt, f.number.int({ min: 5, max: 60 * 30 }));
    const wanted = weighted(f, [
      [0, 2],
      [1, 4],
      [2, 3],
      [3, 2],
      [5, 1],
    ] as const);
    for (let k = 0; k < wanted; k++) {
      if (t.getTime() >= expires.getTime() || t.getTime() > ctx.options.asOf.getTime()) break;
      if (chance(f, 0.08))
        accesses.push({
          at: t,
          type: 'DENIED',
          granted: false,
          reason: requirePassword ? 'Incorrect share password' : 'Email verification code expired',
        });
      else {
        const granted = accesses.filter((a) => a.granted).length;
        if (maxAccess !== null && granted >= maxAccess) {
          accesses.push({
            at: t,
            type: 'DENIED',
            granted: false,
            reason: 'Maximum number of accesses reached',
          });
          break;
        }
        const type = download && chance(f, 0.4) ? 'DOWNLOAD' : print && chance(f, 0.2) ? 'PRINT' : 'VIEW';
        accesses.push({ at: t, type, granted: true, reason: null });
      }
      t = addMinutes(t, f.number.int({ min: 10, max: 60 * 24 * 3 }));
    }
    const revoked = chance(f, 0.05) && t.getTime() < Math.min(expires.getTime(), ctx.options.asOf.getTime());
    if (revoked) {
      const revokedAt = addMinutes(t, 5);
      if (revokedAt.getTime() < Math.min(expires.getTime(), ctx.options.asOf.getTime())) {
        accesses.push({
          at: addMinutes(revokedAt, f.number.int({ min: 60, max: 60 * 24 })),
          type: 'DENIED',
          granted: false,
          reason: 'Share revoked by the sender',
        });
      }
    }
    const grantedCount = accesses.filter((a) => a.granted).length;
    const lastAccess = accesses.length ? accesses[accesses.length - 1]?.at : undefined;
    const status = revoked
      ? 'REVOKED'
      : maxAccess !== null && grantedCount >= maxAccess
        ? 'EXHAUSTED'
        : expires.getTime() <= ctx.options.asOf.getTime()
          ? 'EXPIRED'
          : 'ACTIVE';
    const revokedAt = revoked ? addMinutes(t, 5) : null;
    const visibleAccesses = accesses.filter((a) => a.at.getTime() <= ctx.options.asOf.getTime());
    shares.push({
      id: shareId,
      document_id: doc.id,
      school_id: doc.school_id,
      shared_by: sharer.id,
      share_purpose: recipient.purpose,
      created_at: createdAt,
      expires_at: expires,
      max_access_count: maxAccess,
      current_access_count: grantedCount,
      share_status: status,
      revoked_at: revokedAt,
      revoked_by: revoked ? sharer.id : null,
      revocation_reason: revoked
        ? pick(f, [
            'Sent to the wrong email address',
            'Parent withdrew the authorization',
            'Replaced by an updated version of the document',
          ])
        : null,
      require_password: requirePassword,
      password_hash: requirePassword
        ? `$argon2id$v=19$m=65536,t=3,p=4$${Buffer.from(f.string.alphanumeric({ length: 16 }))
            .toString('base64')
            .replace(/=+$/, '')}$${Buffer.from(sha256Hex(`share-password|${shareId}`), 'hex')
            .toString('base64')
            .replace(/=+$/, '')}`
        : null,
      require_email_verification: recipient.kind !== 'SCHOOL' || chance(f, 0.5),
      watermark_enabled: true,
      download_allowed: download,
      print_allowed: print,
      updated_at:
        revokedAt ??
        (status === 'EXPIRED'
          ? expires
          : lastAccess && lastAccess.getTime() <= ctx.options.asOf.getTime()
            ? lastAccess
            : createdAt),
    });

    const singleUse = recipient.kind === 'SCHOOL' && chance(f, 0.5);
    const tokenId = idAt(f, createdAt);
    const publicId = f.string.alphanumeric({ length: 22 });
    const secret = f.string.alphanumeric({ length: 43 });
    const firstGranted = visibleAccesses.find((a) => a.granted);
    const ip = publicIp(f);
    const ua = pick(f, USER_AGENTS);
    tokens.push({
      id: tokenId,
      shared_document_id: shareId,
      access_token: shareAccessToken(publicId),
      token_hash: shareSecretHash(secret),
      created_at: createdAt,
      expires_at: expires,
      single_use: singleUse,
      used: firstGranted !== undefined,
      used_at: firstGranted?.at ?? null,
      used_by_email: firstGranted ? recipient.email : null,
      used_by_ip: firstGranted ? ip : null,
      updated_at: firstGranted?.at ?? createdAt,
    });

    const perms: ('VIEW' | 'DOWNLOAD' | 'PRINT')[] = ['VIEW'];
    if (download) perms.push('DOWNLOAD');
    if (print) perms.push('PRINT');
    for (const p of perms) {
      permissions.push({
        id: idAt(f, createdAt),
        shared_document_id: shareId,
        permission_type: p,
        granted: true,
        granted_to_email: recipient.email,
        granted_to_ip_range: recipient.kind === 'SCHOOL' && chance(f, 0.3) ? '198.51.100.0/24' : null,
        granted_at: createdAt,
        granted_by: sharer.id,
        created_at: createdAt,
        updated_at: createdAt,
      });
    }
    for (const a of visibleAccesses) {
      audit.push({
        id: idAt(f, a.at),
        shared_document_id: shareId,
        access_token_id: tokenId,
        access_timestamp: a.at,
        access_type: a.type,
        accessor_email: recipient.email,
        accessor_ip: chance(f, 0.8) ? ip : publicIp(f),
        accessor_user_agent: ua,
        access_granted: a.granted,
        denial_reason: a.reason,
        session_duration_seconds: a.granted ? f.number.int({ min: 15, max: 600 }) : null,
        pages_viewed: a.granted
          ? json(Array.from({ length: f.number.int({ min: 1, max: 3 }) }, (_, i) => i + 1))
          : null,
      });
    }
  }
  await insertMany(ctx.db, 'shared_documents', shares, ctx.progress);
  await insertMany(ctx.db, 'document_access_tokens', tokens, ctx.progress);
  await insertMany(ctx.db, 'sharing_permissions', permissions, ctx.progress);
  await insertMany(ctx.db, 'share_access_audit', audit, ctx.progress);
}

/** Fills the document-sharing tables. */
export async function seedDocumentSharing(ctx: SeedContext): Promise<void> {
  const users = await readUsers(ctx.db);
  const access = await readUserSchools(ctx.db);
  await seedShares(ctx, users, access.byUser);
}
