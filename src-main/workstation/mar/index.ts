/** Medication administration (MAR): the mar.* handlers, and the doses due today for Today. */
export { marHandlers } from './ipc';
export { medsDue } from './read';
