/**
 * The Content-Security-Policy of the workstation UI, the same in Electron (a response header on the app's own
 * pages) and in browser mode (the loopback bridge's header): the policy every White Cross page has, shared with the
 * district console (src-shared/csp.ts).
 */
export { APP_CSP as WORKSTATION_CSP, APP_SECURITY_HEADERS as SECURITY_HEADERS } from '../../src-shared/csp';
