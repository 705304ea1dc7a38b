import type { SourceConfigView, SourceKind } from '../../../src-shared/api/sis-sources';

/**
 * The SIS connection form's logic (pure, unit-tested): the text fields a person fills, and the request body they
 * become (POST /sis/configs, or PATCH with what changed). Credentials are write-only: empty fields keep the stored
 * ones; "remove" clears them.
 */

export interface ConnectionForm {
  kind: SourceKind;
  vendor: string;
  // watched folder
  path: string;
  settleSeconds: string;
  // SFTP
  host: string;
  port: string;
  username: string;
  remotePath: string;
  hostKeyFingerprint: string;
  privateKey: string;
  passphrase: string;
  password: string;
  // REST
  baseUrl: string;
  tokenUrl: string;
  scope: string;
  pageSize: string;
  clientId: string;
  clientSecret: string;
  // every kind
  scheduleCron: string;
  conflictStrategy: string;
  deletionThresholdPercent: string;
  enabled: boolean;
  testMode: boolean;
  removeCredentials: boolean;
}

export const KIND_LABEL: Readonly<Record<SourceKind, string>> = {
  CSV_UPLOAD: 'CSV upload in the console',
  WATCHED_FOLDER: 'Watched folder on the server',
  SFTP: 'SFTP',
  ONEROSTER_REST: 'OneRoster REST API',
};

export function formOf(v: SourceConfigView | undefined): ConnectionForm {
  const s = v?.source;
  return {
    kind: s?.kind ?? 'ONEROSTER_REST',
    vendor: v?.vendor ?? 'OTHER',
    path: s?.kind === 'WATCHED_FOLDER' ? s.path : '',
    settleSeconds: s?.kind === 'WATCHED_FOLDER' ? String(s.settleSeconds) : '10',
    host: s?.kind === 'SFTP' ? s.host : '',
    port: s?.kind === 'SFTP' ? String(s.port) : '22',
    username: s?.kind === 'SFTP' ? s.username : '',
    remotePath: s?.kind === 'SFTP' ? s.remotePath : '',
    hostKeyFingerprint: s?.kind === 'SFTP' ? s.hostKeyFingerprint : '',
    privateKey: '',
    passphrase: '',
    password: '',
    baseUrl: s?.kind === 'ONEROSTER_REST' ? s.baseUrl : '',
    tokenUrl: s?.kind === 'ONEROSTER_REST' ? s.tokenUrl : '',
    scope: s?.kind === 'ONEROSTER_REST' ? (s.scope ?? '') : '',
    pageSize: s?.kind === 'ONEROSTER_REST' ? String(s.pageSize) : '500',
    clientId: '',
    clientSecret: '',
    scheduleCron: v?.scheduleCron ?? '',
    conflictStrategy: v?.conflictStrategy ?? 'SIS_WINS',
    deletionThresholdPercent: String(v?.deletionThresholdPercent ?? 10),
    enabled: v?.enabled ?? true,
    testMode: v?.testMode ?? true,
    removeCredentials: false,
  };
}

const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

export type BuiltBody =
  { ok: true; body: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

function source(f: ConnectionForm): Record<string, unknown> {
  switch (f.kind) {
    case 'CSV_UPLOAD':
      return { kind: f.kind };
    case 'WATCHED_FOLDER':
      return { kind: f.kind, path: f.path.trim(), settleSeconds: num(f.settleSeconds) };
    case 'SFTP':
      return {
        kind: f.kind,
        host: f.host.trim(),
        port: num(f.port),
        username: f.username.trim(),
        remotePath: f.remotePath.trim(),
        hostKeyFingerprint: f.hostKeyFingerprint.trim(),
      };
    case 'ONEROSTER_REST':
      return {
        kind: f.kind,
        baseUrl: f.baseUrl.trim(),
        tokenUrl: f.tokenUrl.trim(),
        ...(f.scope.trim() ? { scope: f.scope.trim() } : {}),
        pageSize: num(f.pageSize),
      };
  }
}

/** The credentials typed in, or undefined when none were (the stored ones stay). */
function credentials(f: ConnectionForm): Record<string, string> | undefined {
  if (f.kind === 'SFTP') {
    const c: Record<string, string> = {};
    if (f.privateKey.trim()) c.privateKey = f.privateKey.trim() + '\n';
    if (f.passphrase) c.passphrase = f.passphrase;
    if (f.password) c.password = f.password;
    return Object.keys(c).length ? c : undefined;
  }
  if (f.kind === 'ONEROSTER_REST' && (f.clientId || f.clientSecret))
    return { clientId: f.clientId.trim(), clientSecret: f.clientSecret };
  return undefined;
}

/** The request body of the form, or the fields to fix (numbers that are not numbers) before sending. */
export function bodyOf(f: ConnectionForm, editing: SourceConfigView | undefined): BuiltBody {
  const errors: Record<string, string> = {};
  const src = source(f);
  for (const k of ['port', 'settleSeconds', 'pageSize'] as const)
    if (k in src && !Number.isFinite(src[k])) errors[`source.${k}`] = 'write a number';
  const threshold = num(f.deletionThresholdPercent);
  if (!Number.isFinite(threshold)) errors.deletionThresholdPercent = 'write a number';
  if (Object.keys(errors).length) return { ok: false, errors };
  const creds = credentials(f);
  const body: Record<string, unknown> = {
    vendor: f.vendor,
    source: src,
    scheduleCron: f.scheduleCron.trim() || null,
    conflictStrategy: f.conflictStrategy,
    deletionThresholdPercent: threshold,
    enabled: f.enabled,
    testMode: f.testMode,
  };
  if (creds) body.credentials = creds;
  else if (editing && f.removeCredentials) body.credentials = null;
  return { ok: true, body };
}
