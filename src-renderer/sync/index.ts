/** Sync (renderer): the status bar (online, sending, conflicts) and the sync page. */
export { StatusBar } from './StatusBar';
export { SyncPage } from './SyncPage';
