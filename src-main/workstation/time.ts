/** The school's local dates and times: the shared implementation (src-shared/time), used by the renderer too. */
export { HHMM, isTimeZone, localDate, localDayRange, localTime, zonedToUtc } from '../../src-shared/time';
