import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  appDataDir,
  DEMO_DISTRICT_DIR,
  LAUNCHER_STATE_FILE,
  PGLITE_DIR,
} from '../../src-shared/demo/data-dir';
import type { ServerDbTarget } from './connect';

/**
 * Which district database a `white-cross` command works on, and why, so every command can say so (`npm start` keeps
 * its demo district elsewhere than `./data`, and `white-cross db status` used to show an empty database):
 *
 * 1. `--data-dir DIR` (wins over the environment): PGlite in DIR.
 * 2. `DATABASE_URL`: PostgreSQL.
 * 3. `WHITE_CROSS_DATA_DIR=DIR`: PGlite in DIR.
 * 4. Neither: `./data/server` when it exists (`npm run server`, `npm run db:migrate` made it); else the demo
 *    district of `npm start` when its data folder (the platform's app-data folder) holds one; else `./data/server`.
 *
 * "PGlite in DIR" is DIR/server, or, when DIR is a data folder of `npm start` (launcher.json, or a demo district
 * and no DIR/server), its demo district: DIR/demo-district/server.
 */

export interface CliDatabase extends ServerDbTarget {
  /** Why this database, in words: "from --data-dir", "the demo district of npm start (...)"... */
  readonly why: string;
}

/**
 * The server's data folder that goes with a command's database: the folder holding a PGlite database (its keys and
 * audit checkpoints are beside it: DIR/server's DIR, or the demo district's folder), else the configured one
 * (WHITE_CROSS_DATA_DIR) for PostgreSQL.
 */
export const dataDirOf = (target: CliDatabase, configured: string): string =>
  target.pgliteDir !== undefined ? dirname(target.pgliteDir) : configured;

/** How to point a command elsewhere (printed under the database line). */
export const OTHER_DATABASE_HINT =
  'another database: --data-dir DIR or WHITE_CROSS_DATA_DIR=DIR (PGlite in DIR/server, or the demo district of an npm start data folder), or DATABASE_URL=postgres://... (PostgreSQL)';

function pgliteIn(dir: string, source: string): CliDatabase {
  const demo = join(dir, DEMO_DISTRICT_DIR, PGLITE_DIR);
  const own = join(dir, PGLITE_DIR);
  if (existsSync(join(dir, LAUNCHER_STATE_FILE)) || (existsSync(demo) && !existsSync(own)))
    return { pgliteDir: demo, why: `${source}: the demo district of the npm start data folder ${dir}` };
  return { pgliteDir: own, why: source };
}

export function cliDatabase(o: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly dataDirFlag?: string | undefined;
  readonly cwd?: string;
  readonly platform?: string;
  readonly home?: string;
}): CliDatabase {
  const cwd = o.cwd ?? process.cwd();
  if (o.dataDirFlag !== undefined) {
    const chosen = pgliteIn(resolve(cwd, o.dataDirFlag), 'from --data-dir');
    return o.env.DATABASE_URL ? { ...chosen, why: `${chosen.why}; DATABASE_URL is ignored` } : chosen;
  }
  if (o.env.DATABASE_URL) return { databaseUrl: o.env.DATABASE_URL, why: 'from DATABASE_URL' };
  if (o.env.WHITE_CROSS_DATA_DIR)
    return pgliteIn(resolve(cwd, o.env.WHITE_CROSS_DATA_DIR), 'from WHITE_CROSS_DATA_DIR');

  const local = resolve(cwd, 'data', PGLITE_DIR);
  if (existsSync(local)) return { pgliteDir: local, why: 'the default ./data/server' };
  const app = appDataDir({ env: o.env, platform: o.platform ?? process.platform, home: o.home ?? homedir() });
  const demo = join(app, DEMO_DISTRICT_DIR, PGLITE_DIR);
  if (existsSync(demo))
    return {
      pgliteDir: demo,
      why: `the demo district of npm start, found in its data folder ${app}; there is no ./data/server`,
    };
  return {
    pgliteDir: local,
    why: `the default ./data/server, new; no demo district of npm start in ${app} either`,
  };
}
