import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm install` prints no EBADENGINE warning: scripts/check-engines.ts (run by .ci/run) fails when a locked
 * package's engines.node excludes the Node that package.json declares, naming the package; this tree passes it.
 */
const REPO = resolve(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'wc-engines-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const check = (root?: string) =>
  spawnSync(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'scripts', 'check-engines.ts'), ...(root ? ['--root', root] : [])],
    { cwd: REPO, encoding: 'utf8', timeout: 60_000 },
  );

function project(name: string, declared: string, packages: Record<string, object>): string {
  const root = mkdtempSync(join(tmp, `${name}-`));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, engines: { node: declared } }));
  writeFileSync(
    join(root, 'package-lock.json'),
    JSON.stringify({ lockfileVersion: 3, packages: { '': { name }, ...packages } }),
  );
  return root;
}

const lockWith = {
  'node_modules/fine': { version: '1.0.0', engines: { node: '>=18' } },
  'node_modules/old-form': { version: '1.0.0', engines: ['node >= 0.8'] },
  'node_modules/needs-22': { version: '3.1.0', engines: { node: '>=22' } },
  'node_modules/parent/node_modules/nested-22': { version: '2.0.0', engines: { node: '>= 22.12.0' } },
  'node_modules/npm-only': { version: '1.0.0', engines: { npm: '>=7' } },
};

describe('dependency engines (scripts/check-engines.ts)', () => {
  it('passes on this tree: every locked package supports the Node package.json declares', () => {
    const r = check();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/all \d+ locked packages support Node 20\.19\.0/);
  });

  it('fails naming each package whose engines exclude the declared Node, and where it sits', () => {
    const r = check(project('bad', '>=20.19', lockWith));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/2 locked package\(s\) do not support Node 20\.19\.0/);
    expect(r.stderr).toContain('needs-22@3.1.0 needs node ">=22"');
    expect(r.stderr).toContain('nested-22@2.0.0 needs node ">= 22.12.0" (excludes 20.19.0');
    expect(r.stderr).toContain('at node_modules/parent/node_modules/nested-22');
    expect(r.stderr).not.toMatch(/\bfine@|old-form@|npm-only@/);
  });

  it('passes the same lock when package.json declares the Node those packages need', () => {
    const r = check(project('node22', '>=22.12', lockWith));
    expect(r.status, r.stderr).toBe(0);
  });

  it('says what is wrong with a missing or bad engines field', () => {
    const root = project('none', '>=20.19', {});
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'none' }));
    const r = check(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/package\.json: engines: /);
    const bad = check(project('badrange', 'twenty', {}));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/engines\.node "twenty" is not a valid semver range/);
  });
});
