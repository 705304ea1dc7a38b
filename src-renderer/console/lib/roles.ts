const ROLE_LABEL: Readonly<Record<string, string>> = {
  DISTRICT_ADMIN: 'District administrator',
  SCHOOL_ADMIN: 'School administrator',
  BILLING: 'Billing',
  AUDITOR: 'Auditor',
  NURSE: 'Nurse',
};

/** A role as a person reads it. */
export const roleLabel = (role: string): string => ROLE_LABEL[role] ?? role;
