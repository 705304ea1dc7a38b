/**
 * The Content-Security-Policy of White Cross's pages: the workstation UI (Electron and browser mode) and the district
 * console the server serves at /console. It matches the pages' own policy (the meta tags in src-renderer/index.html
 * and src-renderer/console/index.html): only the app's own scripts and style sheets (no inline styles), no remote
 * content, no eval, no frames, no plugins; the API is same-origin. Only the header can forbid being framed
 * (frame-ancestors).
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** Security headers of every page the workstation and the console serve. */
export const APP_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': APP_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // only features Chromium (Electron) recognizes: an unknown one (e.g. bluetooth) is a console warning on every page
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
});
