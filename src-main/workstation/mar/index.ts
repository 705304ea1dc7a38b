/** Medication administration (MAR): the mar.* handlers, and the doses due today for Today. */
export { marHandlers } from './ipc';
export { marToday, medsDue } from './read';
