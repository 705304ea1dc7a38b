import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** `npm run lint:electron` (scripts/lint-electron.ts): Electronegativity over a directory, failing above LOW. */

const ROOT = join(import.meta.dirname, '../../..');
const SCRIPT = join(ROOT, 'scripts/lint-electron.ts');
const UNSAFE = 'test/unit/workstation/fixtures/electron-unsafe';

const lint = (dir: string): { status: number | null; out: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, dir], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
};

const temps: string[] = [];
const tempDirWith = (name: string, content: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'wc-lint-electron-'));
  temps.push(dir);
  writeFileSync(join(dir, name), content);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('npm run lint:electron', () => {
  it('fails on a window without context isolation, naming the finding and where it is', () => {
    const { status, out } = lint(UNSAFE);
    expect(status).toBe(1);
    expect(out).toMatch(
      /^FAIL\s+HIGH \w+ CONTEXT_ISOLATION_JS_CHECK test\/unit\/workstation\/fixtures\/electron-unsafe\/main\.ts:8:/m,
    );
    // the allow-list is scoped to src-main: the same global finding fails anywhere else
    expect(out).toMatch(/^FAIL\s+MEDIUM \w+ CSP_GLOBAL_CHECK /m);
    expect(out).toMatch(/lint:electron: [1-9]\d* finding\(s\) above LOW/);
  });

  it('passes on src-main (the default), printing each allowed finding with its reason', () => {
    const { status, out } = lint('src-main');
    expect(out).not.toMatch(/^FAIL/m);
    expect(status).toBe(0);
    expect(out).toMatch(/^allowed\s+MEDIUM \w+ PRELOAD_JS_CHECK src-main\/electron\/main\.ts:\d+/m);
    expect(out).toMatch(
      /lint:electron: 0 finding\(s\) above LOW, \d+ allowed, .* file\(s\) in src-main, Electron \d+/,
    );
  });

  it('fails, never passes, when a file cannot be parsed', () => {
    const { status, out } = lint(tempDirWith('broken.ts', 'const x = ;\n'));
    expect(status).toBe(2);
    expect(out).toMatch(/could not parse .*broken\.ts/);
  });

  it('refuses eng-disable comments (the wrapper’s allow-list is the only exception list)', () => {
    const { status, out } = lint(
      tempDirWith(
        'main.js',
        'new BrowserWindow({ webPreferences: { contextIsolation: false } }); // eng-disable\n',
      ),
    );
    expect(status).toBe(2);
    expect(out).toMatch(/eng-disable comments are not accepted .*main\.js:1/);
  });

  it('fails when the input is not a directory', () => {
    const { status, out } = lint('no-such-directory');
    expect(status).toBe(2);
    expect(out).toMatch(/no-such-directory is not a directory/);
  });
});
