/** The seed's shared helpers: random sources, the calendar, the context, batched writes and shared reads. */
export * from './calendar';
export * from './catalog-ids';
export * from './context';
export * from './db';
export * from './hash';
export * from './lookup';
export * from './network';
export * from './npi';
export * from './options';
export * from './random';
export * from './read';
export * from './reference-table';
