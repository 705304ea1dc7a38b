/** Sync on the workstation: the background sync service, conflict review and resolution (sync.* handlers). */
export { syncHandlers, type SyncDeps } from './ipc';
export { createSyncService, type SyncService, type TokenSource } from './service';
