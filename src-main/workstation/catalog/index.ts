/** Catalogs (visit reasons, medications): the catalog.* handlers. */
export { catalogHandlers } from './ipc';
