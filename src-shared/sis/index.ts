/** SIS: the default PowerSchool field mapping (pure). */
export { POWERSCHOOL_STUDENT_MAPPINGS, powerSchoolLookup, type SisFieldMapping } from './powerschool';
