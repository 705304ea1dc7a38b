import { useEffect, useRef, useState } from 'react';
import { call } from '../bridge';
import { setLeaveGuard } from '../lib/router';
import type { VisitFormState } from './visit-form';

/**
 * The new-visit form's draft: restored when the form opens (it survives a restart of the app: the core keeps it in
 * the workstation's own table), saved a second after the nurse stops typing, discarded once the visit is saved or
 * on request; and while the form holds unsaved input, leaving the screen asks first (LeaveDialog).
 * Medication lines are not kept in the draft: their safety check runs again when they are added.
 */

export type DraftFields = Omit<VisitFormState, 'meds'>;

export const draftOf = (f: VisitFormState): DraftFields => {
  const { meds: _meds, ...rest } = f;
  return rest;
};

/** The form holds input worth asking about (anything typed beyond the defaults). */
export function isDirty(f: VisitFormState, initial: VisitFormState): boolean {
  if (f.meds.length > 0) return true;
  return JSON.stringify(draftOf(f)) !== JSON.stringify(draftOf(initial));
}

export interface LeaveRequest {
  readonly proceed: () => void;
}

export function useVisitDraft(opts: {
  studentId: string;
  f: VisitFormState;
  initial: VisitFormState;
  restore: (d: DraftFields) => void;
  done: boolean;
  readOnly: boolean;
}) {
  const { studentId, f, initial, restore, done, readOnly } = opts;
  const [restoredAt, setRestoredAt] = useState<string>();
  const [leave, setLeave] = useState<LeaveRequest | null>(null);
  const loaded = useRef(false);
  const dirty = !done && !readOnly && isDirty(f, initial);

  useEffect(() => {
    if (readOnly) return;
    let live = true;
    call('clinicVisits.getDraft', { studentId }).then(
      (d) => {
        if (!live) return;
        loaded.current = true;
        if (d) {
          restore({ ...draftOf(initial), ...(d.draft as Partial<DraftFields>) });
          setRestoredAt(d.savedAt);
        }
      },
      () => {
        loaded.current = true;
      },
    );
    return () => {
      live = false;
    };
  }, [studentId]);

  // save a second after the last change
  useEffect(() => {
    if (!loaded.current || !dirty) return;
    const t = window.setTimeout(() => {
      void call('clinicVisits.saveDraft', { studentId, draft: { ...draftOf(f) } }).catch(() => undefined);
    }, 800);
    return () => window.clearTimeout(t);
  }, [f, dirty, studentId]);

  // leaving the screen with unsaved input asks first; closing the window too
  useEffect(() => {
    if (!dirty) return;
    setLeaveGuard((_target, proceed) => {
      setLeave({ proceed });
      return true;
    });
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      setLeaveGuard(null);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [dirty]);

  async function discard() {
    await call('clinicVisits.discardDraft', { studentId }).catch(() => undefined);
    setRestoredAt(undefined);
  }

  return {
    restoredAt,
    leave,
    dirty,
    stay: () => setLeave(null),
    leaveKeepingDraft: async () => {
      const l = leave;
      setLeave(null);
      setLeaveGuard(null);
      await call('clinicVisits.saveDraft', { studentId, draft: { ...draftOf(f) } }).catch(() => undefined);
      l?.proceed();
    },
    leaveDiscarding: async () => {
      const l = leave;
      setLeave(null);
      setLeaveGuard(null);
      await discard();
      l?.proceed();
    },
    discard,
  } as const;
}
