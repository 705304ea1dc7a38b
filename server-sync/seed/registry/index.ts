import type { Eligibility } from '../billing';
import { readDistrict, readSchools, readStudents, readUsers, type SeedContext } from '../helpers';
import { iisOf } from './iis';
import { seedRegistrySubmissions } from './submissions';

/** The registry seed: the state IIS connection and the VXU messages of every dose given at school. */
export async function seedRegistry(
  ctx: SeedContext,
  eligibility: ReadonlyMap<string, Eligibility>,
): Promise<void> {
  const district = await readDistrict(ctx.db);
  const schools = await readSchools(ctx.db);
  const users = await readUsers(ctx.db);
  const students = await readStudents(ctx.db);
  await seedRegistrySubmissions(
    ctx,
    district,
    schools,
    users,
    students,
    eligibility,
    iisOf(district.state_code),
  );
}
