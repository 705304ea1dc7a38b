/** Today: the nurse's day at a glance (today.* handlers). */
export { todayHandlers } from './ipc';
