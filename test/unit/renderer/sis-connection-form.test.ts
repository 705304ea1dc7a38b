import { describe, expect, it } from 'vitest';
import {
  sourceConfigCreate,
  sourceConfigUpdate,
  type SourceConfigView,
} from '../../../src-shared/api/sis-sources';
import { bodyOf, formOf } from '../../../src-renderer/console/sis-connections/connection-form';

const view: SourceConfigView = {
  id: 'c1',
  districtId: 'd1',
  schoolId: 's1',
  vendor: 'SKYWARD',
  vendorVersion: null,
  source: {
    kind: 'SFTP',
    host: 'sftp.skyward.example',
    port: 2222,
    username: 'district',
    remotePath: '/exports',
    hostKeyFingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s',
  },
  hasCredentials: true,
  scheduleCron: '0 2 * * *',
  frequency: 'DAILY',
  timeZone: 'America/Chicago',
  nextRunAt: '2026-11-21T08:00:00.000Z',
  nextRunLocal: 'Nov 21, 2026, 2:00 AM',
  lastSyncAt: null,
  conflictStrategy: 'SIS_WINS',
  deletionThresholdPercent: 10,
  mappingConfigId: null,
  enabled: true,
  testMode: false,
  deltaSince: null,
  updatedAt: '2026-11-20T12:00:00.000Z',
};

describe('SIS connection form', () => {
  it('a new REST connection becomes a body the contract accepts, credentials included', () => {
    const f = {
      ...formOf(undefined),
      baseUrl: ' https://sis.example.org/ims/oneroster/rostering/v1p2 ',
      tokenUrl: 'https://sis.example.org/oauth/token',
      clientId: 'wc',
      clientSecret: 's3cret',
      scheduleCron: '',
    };
    const b = bodyOf(f, undefined);
    if (!b.ok) throw new Error(JSON.stringify(b.errors));
    const parsed = sourceConfigCreate.parse(b.body);
    expect(parsed.source).toEqual({
      kind: 'ONEROSTER_REST',
      baseUrl: 'https://sis.example.org/ims/oneroster/rostering/v1p2',
      tokenUrl: 'https://sis.example.org/oauth/token',
      pageSize: 500,
    });
    expect(parsed.credentials).toEqual({ clientId: 'wc', clientSecret: 's3cret' });
    expect(parsed.scheduleCron).toBeNull();
    expect(parsed.testMode).toBe(true);
  });

  it('editing keeps the stored credentials unless new ones are typed or removal is asked', () => {
    const f = formOf(view);
    expect(f).toMatchObject({ kind: 'SFTP', port: '2222', privateKey: '', scheduleCron: '0 2 * * *' });
    const keep = bodyOf(f, view);
    if (!keep.ok) throw new Error('ok');
    expect('credentials' in keep.body).toBe(false);
    expect(sourceConfigUpdate.parse(keep.body).source).toEqual(view.source);
    const removed = bodyOf({ ...f, removeCredentials: true }, view);
    expect(removed.ok && removed.body.credentials).toBeNull();
    const replaced = bodyOf(
      { ...f, privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----' },
      view,
    );
    expect(replaced.ok && replaced.body.credentials).toEqual({
      privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n',
    });
  });

  it('a number field that is not a number is named before anything is sent', () => {
    const b = bodyOf({ ...formOf(view), port: 'twenty-two', deletionThresholdPercent: '' }, view);
    expect(b).toEqual({
      ok: false,
      errors: { 'source.port': 'write a number', deletionThresholdPercent: 'write a number' },
    });
  });
});
