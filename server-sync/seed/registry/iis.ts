/** The state's immunization information system (IIS): its name, HL7 application and facility, and host. */
export interface Iis {
  readonly name: string;
  readonly app: string;
  readonly facility: string;
  readonly host: string;
}

const IIS: Readonly<Record<string, Iis>> = Object.freeze({
  OH: {
    name: 'Ohio Impact Statewide Immunization Information System (ImpactSIIS)',
    app: 'IMPACTSIIS',
    facility: 'OHDH',
    host: 'impactsiis.odh.oh.test',
  },
});

export function iisOf(state: string): Iis {
  return (
    IIS[state] ?? {
      name: `${state} Immunization Information System`,
      app: `${state}IIS`,
      facility: `${state}DOH`,
      host: `iis.${state.toLowerCase()}.test`,
    }
  );
}
