/** SIS: the default PowerSchool field mapping, and OneRoster reading, mapping and planning (pure). */
export { POWERSCHOOL_STUDENT_MAPPINGS, powerSchoolLookup, type SisFieldMapping } from './powerschool';
export * from './oneroster/index';
