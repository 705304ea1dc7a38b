import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SECURITY_HEADERS, WORKSTATION_CSP } from '../../../src-main/workstation/csp';

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

describe('workstation Permissions-Policy header', () => {
  it('denies the powerful features, and Chromium recognizes every one (no console warning)', async () => {
    const policy = SECURITY_HEADERS['permissions-policy']!;
    const features = policy.split(',').map((f) => f.trim().split('=')[0]!);
    expect(features).toEqual(
      expect.arrayContaining(['camera', 'microphone', 'geolocation', 'usb', 'payment']),
    );
    for (const f of policy.split(',')) expect(f.trim()).toMatch(/^[a-z-]+=\(\)$/);

    // the real browser: a page served with the workstation's headers, and what Chromium says about them
    const server = createServer((_req, res) => {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>headers</title><p>ok</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      const said: string[] = [];
      page.on('console', (m) => said.push(`${m.type()}: ${m.text()}`));
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.getByText('ok').waitFor();
      // the features the page ended up with: each one the header names is known to Chromium and denied
      const known = await page.evaluate(() => {
        const fp = (
          document as unknown as {
            featurePolicy?: { features(): string[]; allowsFeature(f: string): boolean };
          }
        ).featurePolicy;
        return fp
          ? { features: fp.features(), allowed: fp.features().filter((f) => fp.allowsFeature(f)) }
          : null;
      });
      expect(known).not.toBeNull();
      for (const f of features) {
        expect(known!.features, `Chromium does not know the feature ${f}`).toContain(f);
        expect(known!.allowed).not.toContain(f);
      }
      expect(said.filter((m) => /permissions-policy|unrecognized feature/i.test(m))).toEqual([]);
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);
});
