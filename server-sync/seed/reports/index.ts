import { readSchools, readUsers, readUserSchools, type SeedContext } from '../helpers';
import { seedReports as seedReportRows } from './instances';

/** The reports seed: the report catalog, saved parameter sets, and the reports generated over the period. */
export async function seedReports(ctx: SeedContext): Promise<void> {
  const schools = await readSchools(ctx.db);
  const users = await readUsers(ctx.db);
  const access = await readUserSchools(ctx.db);
  await seedReportRows(ctx, schools, users, access.byUser);
}
