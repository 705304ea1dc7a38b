import type { studentsSlice } from '../../../src-shared/ipc/students';
import type { FeatureDeps, SliceHandlers } from '../handlers';

export const studentsHandlers = (d: FeatureDeps): SliceHandlers<typeof studentsSlice> => ({
  'students.search': (a) => d.open().students.search(a),
  'students.chart': (a) => d.open().students.chart(a, d.actor()),
});
