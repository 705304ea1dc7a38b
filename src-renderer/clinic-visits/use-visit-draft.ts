import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { call } from '../bridge';
import { setLeaveGuard } from '../lib/router';
import type { MedLine, VisitFormState } from './visit-form';

/**
 * The new-visit form's draft: restored when the form opens (it survives a restart of the app: the core keeps it in
 * the workstation's own table), saved a second after the nurse stops typing, discarded once the visit is saved or
 * on request; and while the form holds unsaved input, leaving the screen asks first (LeaveDialog).
 * Medication lines are kept (what was given: medication, dose, route, time) without their safety check or its
 * acknowledgement: restored lines are checked again, as when they were added, and a warning is acknowledged anew.
 */

/** A medication line as the draft keeps it. */
export type DraftMedLine = Omit<MedLine, 'key' | 'check' | 'acknowledged' | 'override'>;
export type DraftFields = Omit<VisitFormState, 'meds'> & { meds: DraftMedLine[] };

const DraftMed = z.object({
  source: z.enum(['ORDER', 'STOCK']),
  orderId: z.string().max(64),
  medicationId: z.string().min(1).max(64),
  medicationName: z.string().max(300),
  drugClass: z.string().max(200).optional(),
  dose: z.string().max(100),
  route: z.string().max(50),
  givenAt: z.string().max(5),
});

export const draftMedOf = (m: MedLine): DraftMedLine => ({
  source: m.source,
  orderId: m.orderId,
  medicationId: m.medicationId,
  medicationName: m.medicationName,
  ...(m.drugClass !== undefined ? { drugClass: m.drugClass } : {}),
  dose: m.dose,
  route: m.route,
  givenAt: m.givenAt,
});

export const draftOf = (f: VisitFormState): DraftFields => ({ ...f, meds: f.meds.map(draftMedOf) });

/** The medication lines of a stored draft (a line that does not read as one is left out, never guessed). */
export function draftMeds(draft: Record<string, unknown>): DraftMedLine[] {
  const raw = Array.isArray(draft.meds) ? (draft.meds as unknown[]) : [];
  return raw.flatMap((m) => {
    const r = DraftMed.safeParse(m);
    return r.success ? [r.data] : [];
  });
}

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
  restore: (d: Omit<DraftFields, 'meds'>, meds: DraftMedLine[]) => void;
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
          const { meds: _meds, ...fields } = { ...draftOf(initial), ...(d.draft as Partial<DraftFields>) };
          restore(fields, draftMeds(d.draft));
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
