// Type-checks every layer with its own environment (no DOM in the server, no node types in the renderer),
// all projects in parallel; fails if any fails. The projects are listed once, here.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const PROJECTS = ['src-shared', 'src-renderer', 'src-main', 'server-sync', 'migrations', '.'];
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * @param {string} project
 * @returns {Promise<{ project: string, code: number, out: string }>}
 */
const run = (project) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', project, '--noEmit', '--pretty'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    child.on('close', (code) => resolve({ project, code: code ?? 1, out }));
  });

const results = await Promise.all(PROJECTS.map(run));
let failed = 0;
for (const { project, code, out } of results) {
  const name = project === '.' ? 'tsconfig.json (tests, scripts, config)' : `${project}/tsconfig.json`;
  if (code === 0) console.log(`ok    ${name}`);
  else {
    failed += 1;
    console.log(`FAIL  ${name}\n${out}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
