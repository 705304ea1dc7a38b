import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKSTATION_CSP } from '../../../src-main/workstation/csp';

/** The CSP header the bridge and Electron send is no looser than the page's own policy (its meta tag). */

const parse = (policy: string): Map<string, string[]> =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((p) => p[0])
      .map(([name, ...sources]) => [name!, sources.sort()]),
  );

const html = readFileSync(join(import.meta.dirname, '../../../src-renderer/index.html'), 'utf8');
const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];

describe('workstation CSP header', () => {
  it('has every directive of the page’s own policy, with the same sources', () => {
    expect(meta).toBeDefined();
    const header = parse(WORKSTATION_CSP);
    for (const [name, sources] of parse(meta!)) expect([name, header.get(name)]).toEqual([name, sources]);
  });

  it('allows nothing inline, no eval, no frames, and cannot be framed', () => {
    const header = parse(WORKSTATION_CSP);
    expect(WORKSTATION_CSP).not.toMatch(/unsafe-|blob:/);
    expect(header.get('default-src')).toEqual(["'none'"]);
    expect(header.get('frame-src')).toEqual(["'none'"]);
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
    // nothing the page's policy leaves to default-src is opened by the header
    const pageDirectives = new Set(parse(meta!).keys());
    for (const name of header.keys())
      if (!pageDirectives.has(name)) expect(['frame-ancestors']).toContain(name);
  });
});
