/** Students: search and chart (students.* handlers), and the reader other features share. */
export { studentsHandlers } from './ipc';
export { parseTimes, studentsReader, type StudentsReader } from './read';
