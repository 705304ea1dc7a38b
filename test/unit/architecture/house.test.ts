import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cyclePath, cycles, importGraph, listFiles, runtimeImports, type Graph } from './import-graph';

/**
 * The house rules of docs/architecture.md that no compiler checks: no import cycles among our source files, and no
 * source file over 500 lines (generated code, migrations and tests excepted).
 */

const ROOT = join(import.meta.dirname, '../../..');
const SOURCE_DIRS = ['src-shared', 'src-main', 'src-renderer', 'server-sync', 'migrations', 'scripts'];
const MAX_LINES = 500;

const lineCount = (rel: string): number => {
  const text = readFileSync(join(ROOT, rel), 'utf8');
  return text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
};

describe('import cycles', () => {
  it('finds a cycle and names the files around it (the check itself can fail)', () => {
    const graph: Graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    const found = cycles(graph);
    expect(found).toEqual(expect.arrayContaining([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]));
    expect(found).toHaveLength(2);
    expect(cyclePath(graph, ['a.ts', 'b.ts', 'c.ts'])).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    expect(
      cycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('counts imports that load a module at run time, not type-only ones (erased by the compiler)', () => {
    const specs = runtimeImports(
      'x.ts',
      [
        "import type { A } from './type-only';",
        "import { type B } from './inline-type';",
        "import { c } from './value';",
        "import './side-effect';",
        "export * from './re-export';",
        "export type { D } from './type-re-export';",
        "const lazy = () => import('./lazy');",
      ].join('\n'),
    );
    expect(specs).toEqual(['./inline-type', './value', './side-effect', './re-export']);
  });

  it('none among our source files (src-*, server-sync, migrations, scripts)', () => {
    const files = listFiles(ROOT, SOURCE_DIRS);
    expect(files.length).toBeGreaterThan(100);
    const graph = importGraph(ROOT, files);
    const found = cycles(graph).map((component) => cyclePath(graph, component).join(' → '));
    expect(found, `import cycles:\n${found.join('\n')}`).toEqual([]);
  });
});

describe('file size', () => {
  const isExempt = (rel: string): boolean => rel.endsWith('.generated.ts') || rel.startsWith('migrations/');
  const sources = listFiles(ROOT, SOURCE_DIRS).filter(
    (rel) => (rel.endsWith('.ts') || rel.endsWith('.tsx')) && !isExempt(rel),
  );

  it(`no .ts/.tsx source file is over ${MAX_LINES} lines (generated code, migrations and tests excepted)`, () => {
    expect(sources.length).toBeGreaterThan(100);
    const over = sources
      .map((rel) => ({ rel, lines: lineCount(rel) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ rel, lines }) => `${rel} (${lines} lines)`);
    expect(over, `over ${MAX_LINES} lines: split them into modules`).toEqual([]);
  });
});
