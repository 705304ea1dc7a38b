import type { IpcParsedArgs, IpcResult } from '../../../src-shared/ipc/contract';
import { requireStudent, requireWriter, type Actor, type WorkstationContext } from '../context';

/**
 * The new-visit form's draft, kept on this workstation only (local_visit_drafts, never synced; the database is
 * encrypted like everything else): one per nurse and student, so a half-filled visit survives a restart of the app.
 * Saving and discarding are audited like every health-data write, reading a draft back like a view.
 */

export function saveDraft(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'clinicVisits.saveDraft'>,
): IpcResult<'clinicVisits.saveDraft'> {
  requireWriter(actor);
  requireStudent(ctx, args.studentId);
  const savedAt = ctx.nowIso();
  ctx.sqlite.transaction(() => {
    const r = ctx
      .stmt(
        `INSERT INTO local_visit_drafts (user_id, student_id, draft, saved_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, student_id) DO UPDATE SET draft = excluded.draft, saved_at = excluded.saved_at`,
      )
      .run(actor.userId, args.studentId, JSON.stringify(args.draft), savedAt);
    if (r.changes > 0)
      ctx.audit(actor, 'UPDATE', 'local_visit_drafts', args.studentId, { what: 'visit draft saved' });
  })();
  return { savedAt };
}

export function getDraft(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'clinicVisits.getDraft'>,
): IpcResult<'clinicVisits.getDraft'> {
  requireWriter(actor);
  requireStudent(ctx, args.studentId);
  const row = ctx
    .stmt(`SELECT draft, saved_at FROM local_visit_drafts WHERE user_id = ? AND student_id = ?`)
    .get(actor.userId, args.studentId) as { draft: string; saved_at: string } | undefined;
  if (!row) return null;
  ctx.audit(actor, 'VIEW', 'local_visit_drafts', args.studentId, { what: 'visit draft' });
  return { draft: JSON.parse(row.draft) as Record<string, unknown>, savedAt: row.saved_at };
}

export function discardDraft(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'clinicVisits.discardDraft'>,
): IpcResult<'clinicVisits.discardDraft'> {
  requireWriter(actor);
  return ctx.sqlite.transaction(() => {
    const r = ctx
      .stmt(`DELETE FROM local_visit_drafts WHERE user_id = ? AND student_id = ?`)
      .run(actor.userId, args.studentId);
    if (r.changes > 0)
      ctx.audit(actor, 'UPDATE', 'local_visit_drafts', args.studentId, { what: 'visit draft discarded' });
    return { discarded: r.changes > 0 };
  })();
}
