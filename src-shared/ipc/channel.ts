/**
 * How the IPC methods travel between Electron's main process and the sandboxed preload, with no import of the
 * contract: the preload stays a few lines of code (no zod, no schemas in a bundle that only `require('electron')`
 * may load). The main process, which has the merged contract, passes the derived method names to the preload as one
 * renderer argument (`webPreferences.additionalArguments`, appended to the preload's `process.argv`, out of the
 * page's reach); the preload exposes exactly those. Each method has its own channel.
 */

/** Electron IPC channel of a method (`white-cross:app.status`). */
export const ipcChannel = (method: string): string => `white-cross:${method}`;

const METHODS_FLAG = '--white-cross-ipc-methods=';
/** A method name as the slices make them: `<feature>.<method>` in camel case. */
const METHOD_NAME = /^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/;

/** The renderer argument that carries the method names to the preload. */
export function methodsArgument(names: readonly string[]): string {
  for (const n of names) if (!METHOD_NAME.test(n)) throw new Error(`not an IPC method name: ${n}`);
  return `${METHODS_FLAG}${names.join(',')}`;
}

/** The method names in a renderer's argv (the preload's `process.argv`); none when the argument is missing. */
export function methodsFromArgv(argv: readonly string[]): readonly string[] {
  const arg = argv.find((a) => a.startsWith(METHODS_FLAG));
  if (arg === undefined) return [];
  return arg
    .slice(METHODS_FLAG.length)
    .split(',')
    .filter((n) => METHOD_NAME.test(n));
}
