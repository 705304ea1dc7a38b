/** The students feature's public face (docs/architecture.md, "Feature slices"). */
export { studentRoutes, type StudentRoutesOptions } from './routes';
export {
  STUDENT_CHILD_TABLES,
  moveStudentRows,
  STUDENT_ROW_TABLES,
  transferStudent,
  type TransferActor,
  type TransferResult,
} from './transfer';
