/** Time in the school's time zone: calendar arithmetic (zone.ts) and what a person reads (display.ts). */
export { HHMM, isTimeZone, localDate, localDayRange, localTime, zonedToUtc } from './zone';
export { calendarDate, dateIn, dateTimeIn, timeIn } from './display';
