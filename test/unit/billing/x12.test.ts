import { describe, expect, it } from 'vitest';
import {
  ADJUSTMENT_GROUPS,
  adjustmentCode,
  claimBatchId,
  ediFilePath,
  eraFilePath,
  isaControlNumber,
  parseAdjustmentCode,
  x12Date,
} from '../../../src-shared/billing';

describe('X12 pieces', () => {
  it('writes dates as CCYYMMDD', () => {
    expect(x12Date('2026-11-02')).toBe('20261102');
    expect(() => x12Date('11/02/2026')).toThrow(/'11\/02\/2026'/);
  });

  it('pads ISA13 to exactly 9 digits and refuses what does not fit', () => {
    expect(isaControlNumber(1)).toBe('000000001');
    expect(isaControlNumber(100_000_123)).toBe('100000123');
    expect(isaControlNumber(999_999_999)).toBe('999999999');
    expect(() => isaControlNumber(0)).toThrow(/ISA13/);
    expect(() => isaControlNumber(1_000_000_000)).toThrow(/got 1000000000/);
  });

  it('writes and reads claim adjustment codes (group + CARC) with the five X12 group codes', () => {
    expect([...ADJUSTMENT_GROUPS]).toEqual(['CO', 'CR', 'OA', 'PI', 'PR']);
    expect(adjustmentCode('CO', '45')).toBe('CO-45');
    expect(adjustmentCode('PR', '1')).toBe('PR-1');
    expect(parseAdjustmentCode('CO-B7')).toEqual({ group: 'CO', reason: 'B7' });
    expect(parseAdjustmentCode('OA-253')).toEqual({ group: 'OA', reason: '253' });
    expect(() => adjustmentCode('XX', '45')).toThrow(/'XX' is not a claim adjustment group code/);
    expect(() => adjustmentCode('CO', '4567')).toThrow(/'4567' is not a claim adjustment reason code/);
    expect(() => parseAdjustmentCode('CO45')).toThrow(/'CO45' is not an adjustment code/);
  });

  it('names the EDI files: the daily 837P batch, its 999 and 277CA, and the payer 835', () => {
    const batch = claimBatchId('2026-11-02');
    expect(batch).toBe('WC837P-20261102-01');
    expect(claimBatchId('2026-11-02', 12)).toBe('WC837P-20261102-12');
    expect(ediFilePath('837p', '2026-11-02', batch)).toBe('edi/837p/2026/WC837P-20261102-01.x12');
    expect(ediFilePath('999', '2026-11-02', batch)).toBe('edi/999/2026/WC837P-20261102-01.999');
    expect(ediFilePath('277ca', '2026-11-02', batch)).toBe('edi/277ca/2026/WC837P-20261102-01.277');
    expect(eraFilePath('87726', '2026-11-06')).toBe('edi/835/2026/ERA_87726_20261106.835');
    expect(() => eraFilePath('../x', '2026-11-06')).toThrow(/payer id/);
    expect(() => claimBatchId('2026-11-02', 100)).toThrow(/1 to 99/);
  });
});
