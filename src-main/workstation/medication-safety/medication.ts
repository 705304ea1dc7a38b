import { IpcError } from '../../../src-shared/ipc/errors';
import { query, type WorkstationContext } from '../context';

/** A formulary medication (medications) as a dose and its check read it. */
export type MedicationInfo = NonNullable<ReturnType<typeof readMedication>>;

function readMedication(ctx: WorkstationContext, medicationId: string) {
  return ctx.first(
    query
      .selectFrom('medications')
      .select([
        'id',
        'name',
        'generic_name',
        'drug_class',
        'rxnorm_code',
        'is_otc',
        'is_active',
        'route',
        'strength',
      ])
      .where('id', '=', medicationId)
      .where('deleted_at', 'is', null),
  );
}

/** The formulary medication, or NOT_FOUND naming the field. */
export function requireMedication(
  ctx: WorkstationContext,
  medicationId: string,
  field: string,
): MedicationInfo {
  const m = readMedication(ctx, medicationId);
  if (!m) throw new IpcError('NOT_FOUND', `no medication ${medicationId} in the formulary`, field);
  return m;
}
