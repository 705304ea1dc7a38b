import type { studentsSlice } from '../../../src-shared/ipc/students';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import type { StudentsReader } from './read';
import { roster } from './roster';
import { studentVisits } from './visits';

export interface StudentsDeps extends FeatureDeps {
  /** The open records' student reader (its search index lives as long as the records are open). */
  readonly students: () => StudentsReader;
}

export const studentsHandlers = (d: StudentsDeps): SliceHandlers<typeof studentsSlice> => ({
  'students.search': (a) => d.students().search(a),
  'students.chart': (a) => d.students().chart(a, d.actor()),
  'students.visits': (a) => studentVisits(d.ctx(), a, d.actor()),
  'students.roster': (a) => roster(d.ctx(), a, d.actor()),
});
