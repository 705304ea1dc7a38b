/**
 * The admin feature's public face: district administration routes, workstation enrollment (codes and the enroll
 * route) and the per-district workstation policy.
 */
export { adminRoutes, type AdminRoutesOptions } from './routes';
export { enrollRoute, type EnrollRouteOptions } from './enroll-route';
export { issueEnrollmentCode, type IssuedEnrollmentCode } from './enrollment';
export { readWorkstationPolicy } from './workstation-policy';
export { adminUserRoutes } from './user-routes';
