/** The sync feature's public face (docs/architecture.md, "Feature slices"; docs/sync.md). */
export { syncRoutes, type SyncRoutesOptions } from './routes';
export { SYNC_CAPTURE_LOCK_KEY, takeSyncLock } from './capture';
