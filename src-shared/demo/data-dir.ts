/**
 * Where `npm start` keeps its data, and the layout of that folder: one source for the launcher (src-main/launcher)
 * and the `white-cross` command (server-sync/db/target.ts), which looks there for the demo district's database.
 * Pure: the caller passes the environment, the platform and the home folder.
 *
 *   <data dir>/launcher.json            what the first run set up (src-main/launcher/state.ts)
 *   <data dir>/demo-district/server     the demo district server's PGlite database
 *   <data dir>/workstation              the workstation's encrypted database and key file
 */

export const LAUNCHER_STATE_FILE = 'launcher.json';
export const DEMO_DISTRICT_DIR = 'demo-district';
export const WORKSTATION_DIR = 'workstation';
/** PGlite's folder inside a district data folder (server-sync/config.ts: `<WHITE_CROSS_DATA_DIR>/server`). */
export const PGLITE_DIR = 'server';

/** `WHITE_CROSS_DATA_DIR`, else the platform's place for application data. */
export function appDataDir(o: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly home: string;
}): string {
  if (o.env.WHITE_CROSS_DATA_DIR) return o.env.WHITE_CROSS_DATA_DIR;
  const sep = o.platform === 'win32' ? '\\' : '/';
  const join = (...parts: string[]) =>
    parts.map((p, i) => (i === 0 ? p.replace(/[\\/]+$/, '') : p)).join(sep);
  if (o.platform === 'win32') return join(o.env.APPDATA ?? join(o.home, 'AppData', 'Roaming'), 'White Cross');
  if (o.platform === 'darwin') return join(o.home, 'Library', 'Application Support', 'White Cross');
  return join(o.env.XDG_DATA_HOME || join(o.home, '.local', 'share'), 'white-cross');
}
