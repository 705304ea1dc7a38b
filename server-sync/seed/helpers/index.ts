/** The seed's shared helpers: random sources, the calendar, the context, batched writes and shared reads. */
export * from './calendar';
export * from './context';
export * from './db';
export * from './hash';
export * from './money';
export * from './npi';
export * from './random';
export * from './read';
export * from './reference-table';
