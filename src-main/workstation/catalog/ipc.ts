import type { catalogSlice } from '../../../src-shared/ipc/catalog';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { medications, visitReasons } from './read';

export const catalogHandlers = (d: FeatureDeps): SliceHandlers<typeof catalogSlice> => ({
  'catalog.visitReasons': () => visitReasons(d.ctx()),
  'catalog.medications': (a) => medications(d.ctx(), a),
});
