/** An X12 date (DTP, BHT, ISA09 in 8-digit form): CCYYMMDD from 'YYYY-MM-DD'. */
export function x12Date(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a calendar date (YYYY-MM-DD): '${date}'`);
  return date.replaceAll('-', '');
}
