// @ts-check
/**
 * Feature boundaries (docs/architecture.md, "Feature slices"): a feature uses another only through that feature's
 * `index.ts`, and `electron` is imported only under src-main/electron/.
 *
 * A "room" is the first folder under a layer root (src-shared/<room>, src-main/workstation/<room>,
 * server-sync/<room>, src-renderer/<room>, ...). Rooms named in `platform` are the platform every feature stands on
 * (database, IPC contract, sync engine, app shell...): they are importable anywhere by deep path. Every other room is a
 * feature: from outside the feature, only `<room>` or `<room>/index` may be imported. The same feature's own slices
 * in other layers (src-shared/mar, src-main/workstation/mar, server-sync/seed/mar, src-renderer/mar) count as inside.
 * Files directly in a layer root (src-shared/enums.ts, src-main/workstation/context.ts) are platform too.
 *
 * Options: { root?: string, layers: string[], platform: string[] }
 *   layers    layer roots whose sub-folders are rooms; a file belongs to the first layer root it is under
 *             (list the longer roots first: 'src-main/workstation' before 'src-main').
 *   platform  '<layer root>/<room>' entries importable by deep path.
 */
import path from 'node:path';

const EXTENSIONS = /\.(?:d\.ts|tsx?|mts|cts|mjs|cjs|jsx?)$/;

/** @param {string} p */
const posix = (p) => p.split(path.sep).join('/');

/**
 * @param {string} rel repo-relative path without extension
 * @param {readonly string[]} layers
 * @returns {{ layer: string, room: string | null, rest: string } | null}
 */
export function roomOf(rel, layers) {
  for (const layer of layers) {
    if (!rel.startsWith(`${layer}/`)) continue;
    const rest = rel.slice(layer.length + 1);
    const slash = rest.indexOf('/');
    if (slash < 0) return { layer, room: null, rest };
    return { layer, room: rest.slice(0, slash), rest: rest.slice(slash + 1) };
  }
  return null;
}

/**
 * The rule's options object (ESLint has validated it against the rule's schema).
 * @param {import('eslint').Rule.RuleContext} context
 * @returns {unknown}
 */
const firstOption = (context) => context.options[0];

/** @type {import('eslint').Rule.RuleModule} */
const featureBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: "A feature imports another feature only through that feature's index.ts" },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: { type: 'array', items: { type: 'string' } },
          platform: { type: 'array', items: { type: 'string' } },
        },
        required: ['layers', 'platform'],
        additionalProperties: false,
      },
    ],
    messages: {
      deep:
        "'{{source}}' reaches inside the {{feature}} feature ({{room}}/): import it through its index ('{{index}}'), " +
        'and export what is needed from {{room}}/index.ts.',
    },
  },
  create(context) {
    const options = /** @type {{ root?: string, layers: string[], platform: string[] }} */ (
      firstOption(context)
    );
    const root = options.root ?? context.cwd;
    const filename = context.filename;
    const fromRel = posix(path.relative(root, filename));
    if (fromRel.startsWith('..')) return {};
    const platform = new Set(options.platform);
    const from = roomOf(fromRel.replace(EXTENSIONS, ''), options.layers);

    /** @param {import('estree').Node | null | undefined} node */
    const check = (node) => {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const source = node.value;
      if (!source.startsWith('.')) return;
      const targetRel = posix(path.relative(root, path.resolve(path.dirname(filename), source))).replace(
        EXTENSIONS,
        '',
      );
      const to = roomOf(targetRel, options.layers);
      if (!to || to.room === null) return; // outside the layers, or a file directly in a layer root
      if (platform.has(`${to.layer}/${to.room}`)) return;
      if (from && from.room === to.room) return; // the same feature (in this layer or another one)
      if (to.rest === '' || to.rest === 'index') return; // through the index: `.../mar` resolves to mar/index.ts
      const roomPath = `${to.layer}/${to.room}`;
      const toRoomFromHere = posix(path.relative(path.dirname(filename), path.join(root, roomPath)));
      context.report({
        node,
        messageId: 'deep',
        data: {
          source,
          feature: to.room,
          room: roomPath,
          index: toRoomFromHere.startsWith('.') ? toRoomFromHere : `./${toRoomFromHere}`,
        },
      });
    };

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

/** Electron's API modules ('electron/package.json', read by tooling for the version, is not one). */
const ELECTRON_MODULES = /^electron(?:\/(?:main|renderer|common|utility))?$/;

/** @type {import('eslint').Rule.RuleModule} */
const electronImport = {
  meta: {
    type: 'problem',
    docs: { description: '`electron` is imported only under the given folder (src-main/electron/)' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, allowedUnder: { type: 'string' } },
        required: ['allowedUnder'],
        additionalProperties: false,
      },
    ],
    messages: {
      electron:
        "'{{source}}' is imported only under {{allowedUnder}}: the rest of the workstation runs without Electron " +
        '(browser mode, CLI, tests); pass what it needs in from there.',
    },
  },
  create(context) {
    const { root = context.cwd, allowedUnder } = /** @type {{ root?: string, allowedUnder: string }} */ (
      firstOption(context)
    );
    const fromRel = posix(path.relative(root, context.filename));
    const under = allowedUnder.endsWith('/') ? allowedUnder : `${allowedUnder}/`;
    if (fromRel.startsWith(under)) return {};

    /** @param {import('estree').Node | null | undefined} node */
    const check = (node) => {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      if (ELECTRON_MODULES.test(node.value)) {
        context.report({ node, messageId: 'electron', data: { source: node.value, allowedUnder: under } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
      },
    };
  },
};

export default {
  meta: { name: 'white-cross-architecture' },
  rules: { 'feature-boundaries': featureBoundaries, 'electron-import': electronImport },
};
