import { useTitle } from '../lib/hooks';
import { navigate } from '../lib/router';
import { StudentSearch } from '../lib/StudentSearch';
import { Roster } from './Roster';

/** Students: one search field (focused), results as you type, Enter opens the chart; below, the roster. */
export function StudentsPage() {
  useTitle('Students');
  return (
    <>
      <div className="page-head">
        <h1>Students</h1>
        <span className="subtitle">
          Search by name, student number or birth date (e.g. 2014-03-09). Spelling mistakes are fine.
        </span>
      </div>
      <div className="card">
        <StudentSearch
          label="Find a student"
          inline
          autoFocus
          limit={20}
          onPick={(h) => navigate(['students', h.id])}
        />
      </div>
      <Roster />
    </>
  );
}
