/**
 * The names of the IPC contract's methods, without the schemas (so Electron's sandboxed preload can expose
 * exactly these without bundling zod). contract.ts checks at compile time that this list and the contract's keys
 * are the same set.
 */
export const IPC_METHOD_NAMES = Object.freeze([
  'app.status',
  'app.enroll',
  'app.signIn',
  'app.unlock',
  'app.setPin',
  'app.clearPin',
  'app.lock',
  'app.signOut',
  'app.activity',
  'app.breakGlass',
  'today.get',
  'students.search',
  'students.chart',
  'catalog.visitReasons',
  'catalog.medications',
  'clinicVisits.checkAllergies',
  'clinicVisits.create',
  'clinicVisits.excuseNote',
  'symptoms.record',
  'mar.today',
  'mar.record',
  'immunizations.record',
  'sync.status',
  'sync.now',
  'sync.conflicts',
  'sync.resolveConflict',
  'sync.rejections',
] as const);
export type IpcMethodName = (typeof IPC_METHOD_NAMES)[number];

/** Electron IPC channel of a method (`white-cross:app.status`). */
export const ipcChannel = (method: IpcMethodName): string => `white-cross:${method}`;
