import type { FastifyRequest } from 'fastify';
import type { AuditAction } from '../../src-shared/enums';
import type { AuditJson } from './chain';
import type { AuditEntryInput } from './writer';

/** Who and where of an audit entry, from the request (user and device from its token, address, user agent). */
export function auditEntry(
  request: FastifyRequest,
  at: Date,
  what: {
    action: AuditAction;
    tableName?: string | null;
    recordId?: string | null;
    schoolId?: string | null;
    details?: AuditJson | null;
    userId?: string | null;
    deviceId?: string | null;
  },
): AuditEntryInput {
  const ua = request.headers['user-agent'];
  return {
    action: what.action,
    userId: what.userId !== undefined ? what.userId : (request.auth?.userId ?? null),
    deviceId: what.deviceId !== undefined ? what.deviceId : (request.auth?.deviceId ?? null),
    schoolId: what.schoolId ?? null,
    tableName: what.tableName ?? null,
    recordId: what.recordId ?? null,
    ip: request.ip || null,
    userAgent: typeof ua === 'string' ? ua : null,
    details: what.details ?? null,
    at,
  };
}
