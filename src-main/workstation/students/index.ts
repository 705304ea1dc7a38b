/** Students: search and chart (students.* handlers), the search index, and the reader other features share. */
export { studentsHandlers } from './ipc';
export { parseTimes, studentsReader, type StudentsReader } from './read';
export { normalizeTokens, tokenSimilarity } from './search-index';
