import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * Helpers of the workstation migration tests: `run` one statement, and `open(fn)` to write as the local store does
 * (its write-path flag set for the transaction, so the sync triggers accept the rows a test plants). `sqlite` is
 * asked for at each call: the database is opened in the test's beforeAll.
 */
export function migrationWriter(sqlite: () => Database.Database): {
  run: (q: string) => Database.RunResult;
  open: (fn: () => void) => void;
} {
  const run = (q: string) => sqlite().prepare(q).run();
  const open = (fn: () => void) => {
    sqlite().transaction(() => {
      run(`INSERT INTO sync_state (key, value) VALUES ('write_path.open', '1')`);
      try {
        fn();
      } finally {
        run(`DELETE FROM sync_state WHERE key = 'write_path.open'`);
      }
    })();
  };
  return { run, open };
}
