import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

/**
 * One process at a time on an embedded PGlite database: PGlite is Postgres in this process's memory, and a second
 * process opening the same folder (e.g. `white-cross db status` while `npm start`'s demo district server runs)
 * would corrupt it. `<dir>.lock` holds the owner's process id while the database is open; a lock whose process is
 * gone is stale and taken over. The same process may open the folder again (its own code, one at a time).
 */

export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e instanceof Error && 'code' in e && e.code === 'EPERM'; // exists, another user's
  }
};

/** Takes the lock of the PGlite folder `dir`; returns its release. Throws DatabaseInUseError naming the holder. */
export function lockPgliteDir(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && e.code === 'EEXIST')) throw e;
      const holder = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))
        throw new DatabaseInUseError(
          `the database at ${dir} is open in another process (pid ${holder}): PGlite allows one process at a time. ` +
            'Stop it first (npm start: Ctrl+C; white-cross serve), or point this command at another database. ' +
            `(If no such process runs, delete ${file}.)`,
        );
      rmSync(file, { force: true }); // stale (its process is gone) or our own
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return () => {
      try {
        if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
      } catch {
        // already gone
      }
    };
  }
  throw new DatabaseInUseError(`could not take the lock ${file} of the database at ${dir}`);
}
