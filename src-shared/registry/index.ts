/** The registry feature's pure code: HL7 v2.5.1 messages for the state immunization information system. */
export * from './hl7';
export * from './soap';
