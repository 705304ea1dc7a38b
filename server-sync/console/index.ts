/**
 * The district console's server side: the browser session (sign-in and sign-out with an HttpOnly cookie; the cookie
 * itself is checked by app.authenticate, server-sync/auth/browser-session.ts), the built pages at /console with the
 * app's CSP, and the dashboard's clinic activity per school.
 */
export { consoleSessionRoutes, type ConsoleSessionOptions } from './session-routes';
export { consoleStatic, defaultConsoleDir } from './static';
export { districtActivityRoutes } from './activity';
