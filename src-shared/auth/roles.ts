import type { UserRole } from '../enums';

/**
 * What each role may do, declared once for the server and the workstation (src-shared/enums.ts has the roles
 * themselves). A role list anywhere else is derived from these.
 */

const subset = <const R extends readonly UserRole[]>(...roles: R): R => Object.freeze(roles);

/**
 * The clinical roles: they may use a clinic workstation (sign in, enroll one, resolve its conflicts) and read the
 * district's workstation policy. BILLING and AUDITOR never work at a workstation.
 */
export const CLINICAL_ROLES = subset('NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN');
export type ClinicalRole = (typeof CLINICAL_ROLES)[number];

/** The administrators: issue enrollment codes and revoke workstations (of their schools). */
export const ADMIN_ROLES = subset('SCHOOL_ADMIN', 'DISTRICT_ADMIN');
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** Roles that see every school of their district; the others see the schools granted to them (user_schools). */
export const DISTRICT_WIDE_ROLES = subset('DISTRICT_ADMIN', 'BILLING', 'AUDITOR');

const member =
  <R extends string>(roles: readonly R[]) =>
  (role: string): role is R =>
    (roles as readonly string[]).includes(role);

/** True for a role that may use a clinic workstation. */
export const isClinicalRole = member(CLINICAL_ROLES);
export const isAdminRole = member(ADMIN_ROLES);
export const isDistrictWide = member(DISTRICT_WIDE_ROLES);
