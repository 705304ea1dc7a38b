/** The app feature: app.status (with the start-up probe of the district server) and the app.* methods' handlers. */
export { appHandlers, type AppDeps } from './ipc';
export { appStatus, type AppStatusDeps, type AppStatusSource } from './status';
