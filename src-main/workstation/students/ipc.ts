import type { studentsSlice } from '../../../src-shared/ipc/students';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import type { StudentsReader } from './read';

export interface StudentsDeps extends FeatureDeps {
  /** The open records' student reader (its search index lives as long as the records are open). */
  readonly students: () => StudentsReader;
}

export const studentsHandlers = (d: StudentsDeps): SliceHandlers<typeof studentsSlice> => ({
  'students.search': (a) => d.students().search(a),
  'students.chart': (a) => d.students().chart(a, d.actor()),
});
