import { describe, expect, it } from 'vitest';
import { alertsSlice } from '../../../src-shared/ipc/alerts';
import { appSlice } from '../../../src-shared/ipc/app';
import { catalogSlice } from '../../../src-shared/ipc/catalog';
import { clinicVisitsSlice } from '../../../src-shared/ipc/clinic-visits';
import { IPC_ACCESS, IPC_METHODS, ipcContract, type IpcMethodSpec } from '../../../src-shared/ipc/contract';
import { immunizationsSlice } from '../../../src-shared/ipc/immunizations';
import { marSlice } from '../../../src-shared/ipc/mar';
import { medicationSafetySlice } from '../../../src-shared/ipc/medication-safety';
import { reportsSlice } from '../../../src-shared/ipc/reports';
import { IPC_METHOD_NAMES } from '../../../src-shared/ipc/methods';
import { studentsSlice } from '../../../src-shared/ipc/students';
import { symptomsSlice } from '../../../src-shared/ipc/symptoms';
import { syncSlice } from '../../../src-shared/ipc/sync';
import { todaySlice } from '../../../src-shared/ipc/today';
import { IPC_POLICY } from '../../../src-main/workstation/policy';

/** The IPC contract is the feature slices merged, and the dispatcher's policy is what the slices declare. */

const slices: Record<string, Readonly<Record<string, IpcMethodSpec>>> = {
  app: appSlice,
  today: todaySlice,
  students: studentsSlice,
  catalog: catalogSlice,
  clinicVisits: clinicVisitsSlice,
  symptoms: symptomsSlice,
  mar: marSlice,
  medicationSafety: medicationSafetySlice,
  immunizations: immunizationsSlice,
  sync: syncSlice,
  alerts: alertsSlice,
  reports: reportsSlice,
};
const declared = Object.entries(slices).flatMap(([prefix, s]) =>
  Object.entries(s).map(([name, spec]) => ({ prefix, name, spec })),
);

describe('the IPC slices', () => {
  it('merge into the contract: every method of every slice once, named after its feature, frozen', () => {
    expect(declared.map((d) => d.name).sort()).toEqual([...IPC_METHODS].sort());
    expect(new Set(declared.map((d) => d.name)).size).toBe(declared.length);
    for (const d of declared) {
      expect(d.name.startsWith(`${d.prefix}.`)).toBe(true);
      expect(ipcContract[d.name as keyof typeof ipcContract]).toBe(d.spec);
      expect(Object.isFrozen(d.spec)).toBe(true);
    }
    expect(Object.isFrozen(ipcContract)).toBe(true);
  });

  it('declare exactly one access rule per method, and whether it polls or runs serially', () => {
    for (const { spec } of declared) {
      expect(IPC_ACCESS).toContain(spec.access);
      expect(typeof spec.polling).toBe('boolean');
      expect(typeof spec.serial).toBe('boolean');
    }
  });

  it('the preload’s and the main process’s method names are the contract’s keys', () => {
    expect([...IPC_METHOD_NAMES]).toEqual(Object.keys(ipcContract));
  });
});

describe('the dispatcher’s policy', () => {
  const flagged = (pick: (d: (typeof declared)[number]) => boolean) =>
    new Set(declared.filter(pick).map((d) => d.name));

  it('is derived from the slices: public, emergency reads, polling and serial methods are those flagged', () => {
    expect(IPC_POLICY.public).toEqual(flagged((d) => d.spec.access === 'public'));
    expect(IPC_POLICY.emergencyRead).toEqual(flagged((d) => d.spec.access === 'emergencyRead'));
    expect(IPC_POLICY.polling).toEqual(flagged((d) => d.spec.polling));
    expect(IPC_POLICY.serial).toEqual(flagged((d) => d.spec.serial));
  });

  it('keeps today’s rules: no write is an emergency read, sign-in and unlock are public and serial', () => {
    for (const m of IPC_POLICY.emergencyRead)
      expect(m).not.toMatch(/\.(create|record|resolveConflict|now|acknowledge|resolve|dismiss)$/);
    expect([...IPC_POLICY.public].sort()).toEqual(
      [
        'app.status',
        'app.enroll',
        'app.signIn',
        'app.unlock',
        'app.lock',
        'app.signOut',
        'app.activity',
        'app.breakGlass',
        'sync.status',
      ].sort(),
    );
    expect([...IPC_POLICY.polling].sort()).toEqual(
      [
        'app.status',
        'sync.status',
        'today.get',
        'mar.today',
        'sync.conflicts',
        'sync.rejections',
        'alerts.list',
        'alerts.summary',
      ].sort(),
    );
    expect([...IPC_POLICY.serial].sort()).toEqual(
      ['app.enroll', 'app.signIn', 'app.unlock', 'app.setPin', 'app.clearPin', 'app.signOut'].sort(),
    );
  });
});
