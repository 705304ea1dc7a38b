/** The students seed: the roster and its health records (guardians, allergies, conditions, care plans). */
export { seedStudents } from './roster';
export { enrolledOn, gradeOn, hasCondition, isAbsent, nurseOf, type StudentRec } from './student';
export { allergicTo } from './health';
