/**
 * Units of a timed service (HCPCS T1002 "RN services, up to 15 minutes"): every started unit of time counts, at
 * least one unit, at most the payer's daily maximum.
 */
export function timedServiceUnits(minutes: number, unitMinutes: number, maxUnits: number): number {
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new Error(`service minutes must be >= 0, got ${minutes}`);
  if (!Number.isInteger(unitMinutes) || unitMinutes < 1)
    throw new Error(`unit length must be a whole number of minutes, got ${unitMinutes}`);
  if (!Number.isInteger(maxUnits) || maxUnits < 1)
    throw new Error(`maximum units must be >= 1, got ${maxUnits}`);
  return Math.min(maxUnits, Math.max(1, Math.ceil(minutes / unitMinutes)));
}
