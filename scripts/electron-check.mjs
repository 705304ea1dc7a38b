// Runs on `npm install` / `npm ci` (postinstall), after Electron's own install step, which downloads its binary from
// GitHub unless ELECTRON_SKIP_BINARY_DOWNLOAD is set (school networks, and this project's CI machine, often block
// that: set the variable there, see README). This says whether the binary is there, fetches it when it is missing and
// can be fetched, and when it cannot, says so plainly and succeeds: `npm start` then runs White Cross in browser mode
// (docs in README, "Workstation").
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const say = (line) => console.log(`white-cross: ${line}`);
const BROWSER_MODE =
  '`npm start` will run White Cross in browser mode (the same app, in your web browser, on this computer only).';

let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  say(`Electron is not installed. ${BROWSER_MODE}`);
  process.exit(0);
}
const pathFile = join(electronDir, 'path.txt');
const binaryPresent = () =>
  existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));

if (binaryPresent()) {
  say('the Electron binary is present: `npm start` opens the desktop app.');
  process.exit(0);
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  say(`ELECTRON_SKIP_BINARY_DOWNLOAD is set, so the Electron binary was not downloaded. ${BROWSER_MODE}`);
  process.exit(0);
}
say('downloading the Electron binary (one time)...');
const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
  stdio: ['ignore', 'ignore', 'pipe'],
  timeout: 180_000,
  encoding: 'utf8',
});
if (r.status === 0 && binaryPresent()) {
  say('the Electron binary is installed: `npm start` opens the desktop app.');
} else {
  const why = (r.stderr ?? '').split('\n').find((l) => l.trim() !== '') ?? (r.error?.message || 'no answer');
  say(`the Electron binary could not be downloaded (${why.trim().slice(0, 200)}).`);
  say(`the install is complete without it. ${BROWSER_MODE}`);
  say(
    'to get the desktop app later: run `node node_modules/electron/install.js` on a network that allows it.',
  );
}
process.exit(0);
