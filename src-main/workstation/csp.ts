/**
 * The Content-Security-Policy of the workstation UI, the same in Electron (a response header on the app's own
 * pages) and in browser mode (the loopback bridge's header). It matches the page's own policy (the meta tag in
 * src-renderer/index.html): only the app's own scripts and style sheets (no inline styles), no remote content, no
 * eval, no frames, no plugins; the API is same-origin. Only the header can forbid being framed (frame-ancestors).
 */
export const WORKSTATION_CSP = [
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

/** Security headers of every page the workstation serves. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': WORKSTATION_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // only features Chromium (Electron) recognizes: an unknown one (e.g. bluetooth) is a console warning on every page
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
});
