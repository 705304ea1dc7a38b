/** The auth feature's pure rules: who may do what, and the password length rules. */
export {
  ADMIN_ROLES,
  CLINICAL_ROLES,
  DISTRICT_WIDE_ROLES,
  isAdminRole,
  isClinicalRole,
  isDistrictWide,
  type AdminRole,
  type ClinicalRole,
} from './roles';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords';
