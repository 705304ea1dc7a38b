import type { VaccinationRow } from './rows';

/** What the demo registry answers AE with: the errors of the CDC IG's ERR segment, by HL7 and application code. */

export interface RegistryErrorDef {
  readonly location: string;
  readonly hl7Code: string;
  readonly appCode: string;
  readonly segment: string;
  readonly field: string;
  readonly message: (v: VaccinationRow) => string;
  readonly value: (v: VaccinationRow) => string | null;
}

export const REGISTRY_ERRORS: readonly RegistryErrorDef[] = [
  {
    location: 'RXA^1^15^1^1',
    hl7Code: '103^Table value not found^HL70357',
    appCode: '5^Table value not found^HL70533',
    segment: 'RXA',
    field: 'RXA-15',
    message: (v) => `Lot number ${v.lot_number ?? ''} is not in the provider's VFC vaccine inventory`,
    value: (v) => v.lot_number,
  },
  {
    location: 'RXA^1^10^1^1',
    hl7Code: '103^Table value not found^HL70357',
    appCode: '5^Table value not found^HL70533',
    segment: 'RXA',
    field: 'RXA-10',
    message: () => 'Administering provider is not registered with the IIS for this facility',
    value: (v) => v.administered_by_user_id,
  },
  {
    location: 'PID^1^3^1^1',
    hl7Code: '207^Application internal error^HL70357',
    appCode: '3^Illogical Value error^HL70533',
    segment: 'PID',
    field: 'PID-3',
    message: () =>
      'Patient matched more than one IIS record (name and date of birth); held for manual deduplication',
    value: () => null,
  },
  {
    location: 'OBX^1^5^1^1',
    hl7Code: '101^Required field missing^HL70357',
    appCode: '6^Required observation missing^HL70533',
    segment: 'OBX',
    field: 'OBX-5',
    message: () => 'VFC eligibility is required at the dose level for a VFC lot',
    value: () => null,
  },
];
