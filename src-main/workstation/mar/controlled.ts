import { sql } from 'kysely';
import type { IpcParsedArgs, MarStockResult } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import {
  applyEntry,
  MANUAL_CONTROLLED_KINDS,
  overdrawProblem,
  WITNESS_REQUIRED,
  type ControlledKind,
} from '../../../src-shared/mar';
import { CLINICAL_ROLES } from '../../../src-shared/auth';
import { raiseControlledCountDiscrepancy } from '../alerts';
import { opt, query, requireWriter, type Actor, type WorkstationContext } from '../context';
import { newId, writing } from '../write-support';

/**
 * Controlled substances (Schedule II to V) at this school: the ledger of unit doses per medication
 * (controlled_substance_transactions, src-shared/mar/controlled.ts). A GIVEN dose on the MAR takes its units, a
 * voided one gives them back; the nurse records receipts, wastes, returns and counts, with a witness where the
 * policy requires it (WITNESS_REQUIRED); a count that does not reconcile raises CONTROLLED_COUNT_DISCREPANCY.
 */

type Tx = {
  id: string;
  kind: ControlledKind;
  quantity: number;
  expected_quantity: number | null;
  recorded_at: string;
  by_name: string;
  witness_name: string | null;
  note: string | null;
};

const isControlled = (m: { is_controlled: number; controlled_schedule: string | null }) =>
  m.is_controlled === 1 || m.controlled_schedule !== null;

/** The medication's controlled schedule, or null when it is not controlled. */
export function controlledMedication(
  ctx: WorkstationContext,
  medicationId: string,
): { id: string; name: string; strength: string | null } | null {
  const m = ctx.first(
    query
      .selectFrom('medications')
      .select(['id', 'name', 'strength', 'is_controlled', 'controlled_schedule'])
      .where('id', '=', medicationId),
  );
  return m && isControlled(m) ? { id: m.id, name: m.name, strength: m.strength } : null;
}

function ledger(ctx: WorkstationContext, medicationId: string): Tx[] {
  return ctx.all(
    query
      .selectFrom('controlled_substance_transactions as t')
      .innerJoin('users as u', 'u.id', 't.recorded_by')
      .leftJoin('users as w', 'w.id', 't.witness_user_id')
      .select(['t.id', 't.kind', 't.quantity', 't.expected_quantity', 't.recorded_at', 't.note'])
      .select([
        sql<string>`u.first_name || ' ' || u.last_name`.as('by_name'),
        sql<string | null>`w.first_name || ' ' || w.last_name`.as('witness_name'),
      ])
      .where('t.school_id', '=', ctx.schoolId)
      .where('t.medication_id', '=', medicationId)
      .where('t.deleted_at', 'is', null)
      .orderBy('t.recorded_at')
      .orderBy('t.id'),
  );
}

/** The balance of a medication's stock now. */
export function controlledBalance(ctx: WorkstationContext, medicationId: string): number {
  return ledger(ctx, medicationId).reduce((b, t) => applyEntry(b, t), 0);
}

/** A GIVEN dose's units out of stock, or a voided dose's back (call inside the dose's transaction). */
export function recordControlledDose(
  ctx: WorkstationContext,
  actor: Actor & { userId: string },
  d: { medicationId: string; kind: 'GIVEN' | 'VOIDED'; units: number; administrationId: string; at: string },
): void {
  const id = newId();
  ctx.store.insert('controlled_substance_transactions', {
    id,
    school_id: ctx.schoolId,
    medication_id: d.medicationId,
    kind: d.kind,
    quantity: d.units,
    expected_quantity: null,
    administration_id: d.administrationId,
    recorded_by: actor.userId,
    witness_user_id: null,
    recorded_at: d.at,
    note: null,
  });
  ctx.audit(actor, 'CREATE', 'controlled_substance_transactions', id, {
    medication_id: d.medicationId,
    kind: d.kind,
    quantity: d.units,
    administration_id: d.administrationId,
  });
}

/** mar.stock: every controlled medication of the school (ordered or in the ledger) with its balance and ledger. */
export function controlledStock(ctx: WorkstationContext, actor: Actor): MarStockResult {
  const meds = ctx.all(
    query
      .selectFrom('medications as m')
      .select(['m.id', 'm.name', 'm.controlled_schedule'])
      .where((eb) => eb.or([eb('m.is_controlled', '=', 1), eb('m.controlled_schedule', 'is not', null)]))
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('student_medications as sm')
              .select('sm.id')
              .whereRef('sm.medication_id', '=', 'm.id')
              .where('sm.school_id', '=', ctx.schoolId)
              .where('sm.deleted_at', 'is', null),
          ),
          eb.exists(
            eb
              .selectFrom('controlled_substance_transactions as t')
              .select('t.id')
              .whereRef('t.medication_id', '=', 'm.id')
              .where('t.school_id', '=', ctx.schoolId),
          ),
        ]),
      )
      .orderBy('m.name'),
  );
  const medications = meds.map((m) => {
    let balance = 0;
    const entries = ledger(ctx, m.id).map((t) => {
      balance = applyEntry(balance, t);
      return {
        id: t.id,
        kind: t.kind,
        quantity: t.quantity,
        expected: opt(t.expected_quantity),
        balance,
        by: t.by_name,
        witness: opt(t.witness_name),
        at: t.recorded_at,
        note: opt(t.note),
      };
    });
    const lastCount = [...entries].reverse().find((e) => e.kind === 'COUNT');
    return {
      medicationId: m.id,
      medication: m.name,
      schedule: opt(m.controlled_schedule),
      balance,
      lastCountAt: lastCount?.at,
      discrepancy: lastCount !== undefined && lastCount.quantity !== lastCount.expected,
      entries: entries.reverse().slice(0, 50),
    };
  });
  ctx.audit(actor, 'VIEW', 'controlled_substance_transactions', null, { medications: medications.length });
  return {
    medications,
    witnesses: witnesses(ctx, actor),
    witnessRequired: MANUAL_CONTROLLED_KINDS.filter((k) => WITNESS_REQUIRED.has(k)),
  };
}

function witnesses(ctx: WorkstationContext, actor: Actor): { id: string; name: string }[] {
  return ctx
    .all(
      query
        .selectFrom('users')
        .select(['id', 'first_name', 'last_name'])
        .where('is_active', '=', 1)
        .where('role', 'in', [...CLINICAL_ROLES])
        .where('deleted_at', 'is', null)
        .orderBy('last_name')
        .orderBy('first_name'),
    )
    .filter((u) => u.id !== actor.userId)
    .map((u) => ({ id: u.id, name: `${u.first_name} ${u.last_name}` }));
}

/** mar.stockRecord: a receipt, waste, return or count, witnessed where the policy requires it. */
export function recordStock(
  ctx: WorkstationContext,
  actor: Actor,
  a: IpcParsedArgs<'mar.stockRecord'>,
): { id: string; balance: number; discrepancy: boolean } {
  requireWriter(actor);
  const med = controlledMedication(ctx, a.medicationId);
  if (!med) throw new IpcError('NOT_FOUND', 'not a controlled medication', 'medicationId');
  if (a.kind !== 'COUNT' && a.quantity <= 0)
    throw new IpcError('VALIDATION', 'quantity: more than 0 unit doses', 'quantity');
  if (WITNESS_REQUIRED.has(a.kind) && !a.witnessUserId)
    throw new IpcError(
      'VALIDATION',
      `witnessUserId: a ${a.kind.toLowerCase()} needs a witness`,
      'witnessUserId',
    );
  if (a.witnessUserId !== undefined && !witnesses(ctx, actor).some((w) => w.id === a.witnessUserId))
    throw new IpcError(
      'VALIDATION',
      'witnessUserId: the witness is another active nurse, not the one recording',
      'witnessUserId',
    );
  const id = newId();
  let result = { id, balance: 0, discrepancy: false };
  writing(ctx, () => {
    const expected = controlledBalance(ctx, med.id);
    const entry = { kind: a.kind, quantity: a.quantity };
    const over = overdrawProblem(expected, entry);
    if (over) throw new IpcError('VALIDATION', over, 'quantity');
    ctx.store.insert('controlled_substance_transactions', {
      id,
      school_id: ctx.schoolId,
      medication_id: med.id,
      kind: a.kind,
      quantity: a.quantity,
      expected_quantity: a.kind === 'COUNT' ? expected : null,
      administration_id: null,
      recorded_by: actor.userId,
      witness_user_id: a.witnessUserId ?? null,
      recorded_at: ctx.nowIso(),
      note: a.note ?? null,
    });
    ctx.audit(actor, 'CREATE', 'controlled_substance_transactions', id, {
      medication_id: med.id,
      kind: a.kind,
      quantity: a.quantity,
      ...(a.kind === 'COUNT' ? { expected } : {}),
      witness_user_id: a.witnessUserId ?? null,
    });
    const discrepancy = a.kind === 'COUNT' && a.quantity !== expected;
    if (discrepancy)
      raiseControlledCountDiscrepancy(ctx, actor, {
        transactionId: id,
        medication: med.name,
        counted: a.quantity,
        expected,
      });
    result = { id, balance: applyEntry(expected, entry), discrepancy };
  });
  return result;
}
