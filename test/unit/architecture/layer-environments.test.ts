import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Each layer type-checks with its own environment (`npm run typecheck` runs every project): the server, the
 * workstation core and the migrations have node and no DOM; the renderer has the DOM and no node; src-shared has
 * neither. A probe file compiled with each layer's tsconfig.json shows which globals it sees.
 */

const ROOT = join(import.meta.dirname, '../../..');

const PROBES = {
  dom: 'export const probe = document.title;',
  node: 'export const probe = process.env.HOME;',
  language: 'export const probe = [1, 2].map((n) => n * 2).includes(4);',
} as const;

/** The diagnostics of each probe, compiled together in one program with the layer's tsconfig.json. */
function diagnosticsOf(layer: string): Record<keyof typeof PROBES, string[]> {
  const configFile = join(ROOT, layer, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${configFile}`);
  const probes = new Map(
    Object.entries(PROBES).map(([name, code]) => [join(ROOT, layer, `__probe_${name}__.ts`), code]),
  );
  const host = ts.createCompilerHost(parsed.options);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => probes.has(f) || fileExists(f);
  host.getSourceFile = (f, lang, onError, create) => {
    const code = probes.get(f);
    return code !== undefined ? ts.createSourceFile(f, code, lang) : getSourceFile(f, lang, onError, create);
  };
  const program = ts.createProgram({ rootNames: [...probes.keys()], options: parsed.options, host });
  const of = (name: string) =>
    ts
      .getPreEmitDiagnostics(program, program.getSourceFile(join(ROOT, layer, `__probe_${name}__.ts`)))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  return { dom: of('dom'), node: of('node'), language: of('language') };
}

const LAYERS: Record<string, { dom: boolean; node: boolean }> = {
  'src-shared': { dom: false, node: false },
  'src-renderer': { dom: true, node: false },
  'src-main': { dom: false, node: true },
  'server-sync': { dom: false, node: true },
  migrations: { dom: false, node: true },
};

describe('each layer type-checks with its own environment', () => {
  for (const [layer, env] of Object.entries(LAYERS)) {
    it(`${layer}: ${env.dom ? 'DOM' : 'no DOM'}, ${env.node ? 'node' : 'no node'} types`, () => {
      const { dom, node, language } = diagnosticsOf(layer);
      expect(language).toEqual([]);
      if (env.dom) expect(dom).toEqual([]);
      else expect(dom.join('\n')).toMatch(/Cannot find name 'document'/);
      if (env.node) expect(node).toEqual([]);
      else expect(node.join('\n')).toMatch(/Cannot find name 'process'/);
    });
  }
});
