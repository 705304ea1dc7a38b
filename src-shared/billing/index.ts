/** Billing: pure rules of school-based Medicaid billing (NPI, money, claim numbering, units, X12 pieces). */
export { claimNumber, patientControlNumber } from './claim-number';
export { centsToDecimal, decimalToCents } from './money';
export { isValidNpi, npiCheckDigit, npiOf } from './npi';
export { timedServiceUnits } from './units';
export {
  ADJUSTMENT_GROUPS,
  adjustmentCode,
  parseAdjustmentCode,
  type AdjustmentGroup,
} from './x12/adjustments';
export { x12Date } from './x12/dates';
export { claimBatchId, ediFilePath, eraFilePath, type EdiFileKind } from './x12/files';
export { isaControlNumber } from './x12/interchange';
