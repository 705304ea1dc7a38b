import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import architecture from '../../../scripts/eslint-rules/feature-boundaries.mjs';

/** The ESLint rules of scripts/eslint-rules/feature-boundaries.mjs, as eslint.config.js wires them. */

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ROOT = '/repo';
const options = {
  root: ROOT,
  layers: [
    'src-main/workstation',
    'server-sync/seed',
    'src-shared',
    'src-main',
    'server-sync',
    'src-renderer',
  ],
  platform: ['src-shared/ipc', 'src-renderer/lib', 'server-sync/seed/helpers', 'src-main/store'],
};
const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
});

const rules = architecture.rules;
const at = (file: string) => `${ROOT}/${file}`;

tester.run('feature-boundaries', rules['feature-boundaries'], {
  valid: [
    // another feature through its index, by folder or by index file, in every layer
    { filename: at('src-shared/mar/doses.ts'), code: "import { x } from '../billing';", options: [options] },
    {
      filename: at('src-renderer/today/Today.tsx'),
      code: "import { x } from '../students/index';",
      options: [options],
    },
    { filename: at('server-sync/sync/apply.ts'), code: "export { x } from '../audit';", options: [options] },
    {
      filename: at('src-main/workstation/mar/write.ts'),
      code: "import { x } from '../students';",
      options: [options],
    },
    {
      filename: at('server-sync/sync/routes.ts'),
      code: "import { x } from '../../src-shared/auth';",
      options: [options],
    },
    // inside the same feature, deep paths are fine (and the feature's slices in other layers are the same feature)
    {
      filename: at('src-renderer/clinic-visits/VisitForm.tsx'),
      code: "import { x } from './use-visit-form';",
      options: [options],
    },
    {
      filename: at('src-main/workstation/mar/read.ts'),
      code: "import { x } from '../../../src-shared/mar/doses';",
      options: [options],
    },
    {
      filename: at('server-sync/seed/mar/orders.ts'),
      code: "import { x } from '../../../src-shared/mar/doses';",
      options: [options],
    },
    // platform rooms by deep path, from features and from outside them
    {
      filename: at('src-renderer/mar/Mar.tsx'),
      code: "import { x } from '../lib/hooks';",
      options: [options],
    },
    {
      filename: at('src-main/workstation/today/read.ts'),
      code: "import { x } from '../../../src-shared/ipc/contract';",
      options: [options],
    },
    {
      filename: at('server-sync/seed/billing/claims.ts'),
      code: "import { x } from '../helpers/random';",
      options: [options],
    },
    {
      filename: at('src-main/workstation/sync/service.ts'),
      code: "import { x } from '../../store/write';",
      options: [options],
    },
    // files directly in a layer root, and packages
    {
      filename: at('src-main/workstation/mar/read.ts'),
      code: "import { x } from '../context';",
      options: [options],
    },
    {
      filename: at('src-shared/mar/doses.ts'),
      code: "import { x } from '../enums'; import { z } from 'zod';",
      options: [options],
    },
    // type-only imports are imports too, and they pass through the index like the rest
    {
      filename: at('src-renderer/today/Today.tsx'),
      code: "import type { X } from '../students';",
      options: [options],
    },
  ],
  invalid: [
    {
      filename: at('src-renderer/app/Shell.tsx'),
      code: "import { Today } from '../today/Today';",
      options: [options],
      errors: [
        {
          messageId: 'deep',
          data: {
            source: '../today/Today',
            feature: 'today',
            room: 'src-renderer/today',
            index: '../today',
          },
        },
      ],
    },
    {
      filename: at('src-shared/api/auth.ts'),
      code: "import { PASSWORD_MIN_LENGTH } from '../auth/passwords';",
      options: [options],
      errors: [{ messageId: 'deep' }],
    },
    {
      filename: at('server-sync/app.ts'),
      code: "export { syncRoutes } from './sync/routes';",
      options: [options],
      errors: [
        {
          messageId: 'deep',
          data: { source: './sync/routes', feature: 'sync', room: 'server-sync/sync', index: './sync' },
        },
      ],
    },
    {
      filename: at('src-main/workstation/mar/write.ts'),
      code: "import { check } from '../clinic-visits/allergy-check';\nimport type { Row } from '../students/read';",
      options: [options],
      errors: [
        { messageId: 'deep', line: 1 },
        { messageId: 'deep', line: 2 },
      ],
    },
    {
      filename: at('server-sync/seed/mar/orders.ts'),
      code: "import { x } from '../students/roster';",
      options: [options],
      errors: [
        {
          messageId: 'deep',
          data: {
            source: '../students/roster',
            feature: 'students',
            room: 'server-sync/seed/students',
            index: '../students',
          },
        },
      ],
    },
    {
      filename: at('src-main/workstation/today/read.ts'),
      code: "const m = await import('../../../src-shared/billing/money');",
      options: [options],
      errors: [{ messageId: 'deep' }],
    },
    {
      // the dispatcher too takes each feature through its index
      filename: at('src-main/workstation/core.ts'),
      code: "import { x } from './mar/ipc';",
      options: [options],
      errors: [{ messageId: 'deep' }],
    },
  ],
});

tester.run('electron-import', rules['electron-import'], {
  valid: [
    {
      filename: at('src-main/electron/main.ts'),
      code: "import { app } from 'electron';",
      options: [{ root: ROOT, allowedUnder: 'src-main/electron' }],
    },
    {
      filename: at('src-main/electron/preload.ts'),
      code: "import { ipcRenderer } from 'electron/renderer';",
      options: [{ root: ROOT, allowedUnder: 'src-main/electron/' }],
    },
    {
      filename: at('scripts/lint-electron.ts'),
      code: "import pkg from 'electron/package.json';",
      options: [{ root: ROOT, allowedUnder: 'src-main/electron' }],
    },
    {
      filename: at('src-main/workstation/core.ts'),
      code: "import { z } from 'zod'; const mode = 'electron';",
      options: [{ root: ROOT, allowedUnder: 'src-main/electron' }],
    },
  ],
  invalid: [
    {
      filename: at('src-main/workstation/core.ts'),
      code: "import { safeStorage } from 'electron';",
      options: [{ root: ROOT, allowedUnder: 'src-main/electron' }],
      errors: [{ messageId: 'electron', data: { source: 'electron', allowedUnder: 'src-main/electron/' } }],
    },
    {
      filename: at('src-main/electron-helpers/x.ts'),
      code: "const { app } = require('electron');",
      options: [{ root: ROOT, allowedUnder: 'src-main/electron' }],
      errors: [{ messageId: 'electron' }],
    },
    {
      filename: at('src-renderer/bridge.ts'),
      code: "const e = await import('electron/renderer');",
      options: [{ root: ROOT, allowedUnder: 'src-main/electron' }],
      errors: [{ messageId: 'electron' }],
    },
    {
      filename: at('server-sync/app.ts'),
      code: "export { app } from 'electron/main';",
      options: [{ root: ROOT, allowedUnder: 'src-main/electron' }],
      errors: [{ messageId: 'electron' }],
    },
  ],
});
