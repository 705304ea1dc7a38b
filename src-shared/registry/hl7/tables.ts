/**
 * Coded values of the CDC IG for Immunization Messaging used in VXU messages: manufacturers (MVX), routes (NCIT),
 * administration sites (HL7 table 0163), VFC eligibility (HL7 table 0064) and relationships (HL7 table 0063),
 * each as the CE/CWE triplet code^text^coding system.
 */

/** CDC MVX manufacturer names. */
export const MVX_NAMES: Readonly<Record<string, string>> = Object.freeze({
  PMC: 'Sanofi Pasteur',
  MSD: 'Merck and Co., Inc.',
  SKB: 'GlaxoSmithKline',
  PFR: 'Pfizer, Inc',
  WAL: 'Wyeth',
  SEQ: 'Seqirus',
  NOV: 'Novartis Pharmaceutical Corporation',
  MOD: 'Moderna US, Inc.',
  MED: 'MedImmune, Inc.',
  ASZ: 'AstraZeneca',
  CSL: 'bioCSL',
  DVX: 'Dynavax Technologies Corporation',
  NVX: 'Novavax, Inc.',
  JSN: 'Janssen',
  PSC: 'Protein Sciences',
});

/** RXR-1 by the route code vaccinations.route holds. */
export const ROUTES: Readonly<Record<string, string>> = Object.freeze({
  IM: 'C28161^Intramuscular^NCIT',
  SC: 'C38299^Subcutaneous^NCIT',
  ID: 'C38238^Intradermal^NCIT',
  PO: 'C38288^Oral^NCIT',
  IN: 'C38284^Nasal^NCIT',
  OTHER: 'C38290^Other^NCIT',
});

/** RXR-2 by the site code vaccinations.site holds. */
export const SITES: Readonly<Record<string, string>> = Object.freeze({
  LA: 'LA^Left Arm^HL70163',
  RA: 'RA^Right Arm^HL70163',
  LT: 'LT^Left Thigh^HL70163',
  RT: 'RT^Right Thigh^HL70163',
  LD: 'LD^Left Deltoid^HL70163',
  RD: 'RD^Right Deltoid^HL70163',
  LG: 'LG^Left Gluteous Medius^HL70163',
  RG: 'RG^Right Gluteous Medius^HL70163',
  LVL: 'LVL^Left Vastus Lateralis^HL70163',
  RVL: 'RVL^Right Vastus Lateralis^HL70163',
});

/** OBX-5 of the funding-eligibility observation (LOINC 64994-7). */
export const VFC_ELIGIBILITY: Readonly<Record<string, string>> = Object.freeze({
  V01: 'V01^Not VFC eligible^HL70064',
  V02: 'V02^VFC eligible - Medicaid/Medicaid Managed Care^HL70064',
  V03: 'V03^VFC eligible - Uninsured^HL70064',
  V05: 'V05^VFC eligible - Federally Qualified Health Center Patient (under-insured)^HL70064',
});

const RELATIONSHIPS: Readonly<Record<string, string>> = Object.freeze({
  mother: 'MTH^Mother^HL70063',
  father: 'FTH^Father^HL70063',
  stepmother: 'MTH^Mother^HL70063',
  stepfather: 'FTH^Father^HL70063',
  grandmother: 'GRP^Grandparent^HL70063',
  grandfather: 'GRP^Grandparent^HL70063',
  grandparent: 'GRP^Grandparent^HL70063',
  aunt: 'OTH^Other^HL70063',
  uncle: 'OTH^Other^HL70063',
  sibling: 'SIB^Sibling^HL70063',
});

/** NK1-3 of a guardian's relationship as the school records it ('Mother', 'Legal Guardian'...); anyone else is a guardian. */
export const relationshipCode = (relationship: string): string =>
  RELATIONSHIPS[relationship.toLowerCase()] ?? 'GRD^Guardian^HL70063';

/** XTN of a US phone number (^PRN^PH^^^area^local), or empty when it is not 10 digits (a leading 1 dropped). */
export function usPhoneXtn(phone: string): string {
  const d = phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
  if (d.length !== 10) return '';
  return `^PRN^PH^^^${d.slice(0, 3)}^${d.slice(3)}`;
}
