import type { IpcParsedArgs } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { query, requireStudent, requireWriter, type Actor, type WorkstationContext } from '../context';
import { localDate } from '../../../src-shared/time';
import { newId, writing } from '../write-support';
import { cvxName, seriesOfCvx } from '../../../src-shared/immunizations';

/**
 * immunizations.record: one dose, recorded once per series its product counts toward (a Pediarix dose is a DTaP,
 * a HepB and an IPV dose), like the state registry and the demo data. Refuses a date in the future or before
 * birth, and the same series on the same day twice.
 */
export function recordImmunization(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'immunizations.record'>,
): { id: string } {
  requireWriter(actor);
  const student = requireStudent(ctx, args.studentId);
  const today = localDate(ctx.now(), ctx.timeZone());
  if (args.administeredOn > today)
    throw new IpcError('VALIDATION', 'administeredOn: cannot be in the future', 'administeredOn');
  if (args.administeredOn < student.date_of_birth)
    throw new IpcError('VALIDATION', 'administeredOn: before the student was born', 'administeredOn');
  const series = args.vaccine ? [args.vaccine] : seriesOfCvx(args.cvx);
  if (!series)
    throw new IpcError(
      'VALIDATION',
      `vaccine: CVX ${args.cvx} is not in the list: name the vaccine series (e.g. MMR)`,
      'vaccine',
    );
  for (const s of series) {
    const dup = ctx.first(
      query
        .selectFrom('vaccinations')
        .select('id')
        .where('student_id', '=', student.id)
        .where('vaccine_type', '=', s)
        .where('administration_date', '=', args.administeredOn)
        .where('deleted_at', 'is', null),
    );
    if (dup)
      throw new IpcError(
        'DUPLICATE',
        `a ${s} dose on ${args.administeredOn} is already recorded`,
        'administeredOn',
      );
  }
  const ids: string[] = [];
  writing(ctx, () => {
    for (const s of series) {
      const id = newId();
      ids.push(id);
      const before =
        ctx.first(
          query
            .selectFrom('vaccinations')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('student_id', '=', student.id)
            .where('vaccine_type', '=', s)
            .where('administration_date', '<', args.administeredOn)
            .where('deleted_at', 'is', null),
        )?.n ?? 0;
      ctx.store.insert('vaccinations', {
        id,
        student_id: student.id,
        vaccine_type: s,
        cvx_code: args.cvx,
        mvx_code: args.mvx ?? null,
        vaccine_name: cvxName(args.cvx),
        dose_number: args.doseNumber ?? before + 1,
        administration_date: args.administeredOn,
        lot_number: args.lot ?? null,
        site: args.site ?? null,
        route: args.route ?? null,
        source: args.source,
        administered_by_user_id: args.source === 'ADMINISTERED' ? actor.userId : null,
        registry_status: args.source === 'ADMINISTERED' ? 'NOT_SUBMITTED' : 'NOT_REQUIRED',
        notes: args.notes ?? null,
        school_id: ctx.schoolId,
      });
      ctx.audit(actor, 'CREATE', 'vaccinations', id, { student_id: student.id, vaccine_type: s });
    }
  });
  return { id: ids[0]! };
}
