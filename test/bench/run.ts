/**
 * npm run bench -- <name> [options]: runs one benchmark, printing one JSON line per measurement.
 * npm run bench -- --list shows them. Speed is measured here, never by timed assertions in tests.
 */
import { benchmarks } from './registry';

const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--list' || name === '--help') {
  console.log('benchmarks:');
  for (const [n, b] of Object.entries(benchmarks)) console.log(`  ${n.padEnd(12)} ${b.description}`);
  process.exit(name ? 0 : 1);
}
const bench = benchmarks[name];
if (!bench) {
  console.error(`unknown benchmark "${name}"; known: ${Object.keys(benchmarks).join(', ')}`);
  process.exit(1);
}
await bench.run(rest, (m) => console.log(JSON.stringify({ bench: name, ...m })));
