import { readDistrict, readStudents, readUsers, type SeedContext } from '../helpers';
import { seedClaims } from './claims';
import { seedEligibility, type Eligibility } from './eligibility';
import { medicaidPayers } from './payers';

export type { Eligibility } from './eligibility';

/**
 * The billing seed: Medicaid eligibility, then the claims of billable visits with their submissions and
 * payments. Returns each covered student's eligibility (the registry reports VFC eligibility from it).
 */
export async function seedBilling(ctx: SeedContext): Promise<ReadonlyMap<string, Eligibility>> {
  const district = await readDistrict(ctx.db);
  const users = await readUsers(ctx.db);
  const students = await readStudents(ctx.db);
  const payers = medicaidPayers(district.state_code);
  const eligibility = await seedEligibility(ctx, payers, students);
  await seedClaims(ctx, district, payers, users, students, eligibility);
  return eligibility;
}
