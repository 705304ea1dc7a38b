/** Enrollment of this workstation with a district server (app.enroll). */
export { enroll, platformName, type EnrollDeps } from './enroll';
