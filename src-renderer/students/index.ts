/** Students (renderer): the student list and the student chart. */
export { StudentChart } from './StudentChart';
export { StudentsPage } from './StudentsPage';
