import { describe, expect, it } from 'vitest';
import { rowChecksum } from '../../../server-sync/tamper-alerts';

describe('row checksum (SHA-256 of the canonical JSON the audit chain defines)', () => {
  it('gives the SHA-256 of the row with keys sorted and timestamps as ISO-8601 UTC (known answer)', () => {
    const row = {
      nested: { z: true, y: [1, 'two'] },
      b: 1,
      n: null,
      at: new Date('2026-03-02T13:00:00Z'),
      a: 'x',
    };
    // sha256 of {"a":"x","at":"2026-03-02T13:00:00.000Z","b":1,"n":null,"nested":{"y":[1,"two"],"z":true}}
    expect(rowChecksum(row)).toBe('aaf0c24b16910273919f6b20ddcd7806494e8fb00434750ba1bed74195d77e67');
  });

  it('does not depend on the order of columns (a row read back from PostgreSQL gives the same baseline)', () => {
    expect(rowChecksum({ nurse_notes: 'Ice pack, 10 minutes.', id: 'v1' })).toBe(
      '9df291a4dc8dc5bc9b6d25b41f8342a1a11c2b50f5a7cd6c44a34e5ad6a3b49a',
    );
    expect(rowChecksum({ id: 'v1', nurse_notes: 'Ice pack, 10 minutes.' })).toBe(
      rowChecksum({ nurse_notes: 'Ice pack, 10 minutes.', id: 'v1' }),
    );
    // A Date and its ISO string are the same value; an undefined member is no member.
    expect(rowChecksum({ t: new Date('2026-03-02T13:00:00.000Z') })).toBe(
      rowChecksum({ t: '2026-03-02T13:00:00.000Z' }),
    );
    expect(rowChecksum({ id: 'v1', x: undefined })).toBe(rowChecksum({ id: 'v1' }));
  });

  it('changes when any value changes (the tampering it detects)', () => {
    expect(rowChecksum({ id: 'v1', nurse_notes: 'Ice pack, 15 minutes.' })).toBe(
      '32cc963038760954d51aab5fcf0a7ca887c5622d6a6e16449e753039fdef2260',
    );
    const base = rowChecksum({ id: 'v1', sent_home: false, temp: 98.6 });
    expect(rowChecksum({ id: 'v1', sent_home: true, temp: 98.6 })).not.toBe(base);
    expect(rowChecksum({ id: 'v1', sent_home: false, temp: 98.7 })).not.toBe(base);
    expect(rowChecksum({ id: 'v1', sent_home: null, temp: 98.6 })).not.toBe(base);
  });
});
