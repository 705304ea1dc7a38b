import { describe, expect, it } from 'vitest';
import {
  ADMIN_ROLES,
  CLINICAL_ROLES,
  DISTRICT_WIDE_ROLES,
  isAdminRole,
  isClinicalRole,
  isDistrictWide,
} from '../../../src-shared/auth';
import { UserRole } from '../../../src-shared/enums';

describe('what each role may do (src-shared/auth/roles.ts)', () => {
  it('names only real roles, in frozen lists', () => {
    for (const list of [CLINICAL_ROLES, ADMIN_ROLES, DISTRICT_WIDE_ROLES]) {
      expect(Object.isFrozen(list)).toBe(true);
      for (const r of list) expect(UserRole).toContain(r);
    }
  });

  it('a clinic workstation is for nurses and school or district admins, never billing or auditors', () => {
    expect(UserRole.filter(isClinicalRole)).toEqual(['NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN']);
    expect(isClinicalRole('BILLING')).toBe(false);
    expect(isClinicalRole('AUDITOR')).toBe(false);
    expect(isClinicalRole('nurse')).toBe(false);
  });

  it('administrators and district-wide roles', () => {
    expect(UserRole.filter(isAdminRole)).toEqual(['SCHOOL_ADMIN', 'DISTRICT_ADMIN']);
    expect(UserRole.filter(isDistrictWide)).toEqual(['DISTRICT_ADMIN', 'BILLING', 'AUDITOR']);
  });
});
