/** The demo district's network: workstation and web user agents, and the address of each school's workstation. */

export const WEB_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const WORKSTATION_AGENT: Readonly<Record<string, string>> = {
  WINDOWS: 'WhiteCross/0.1.0 (Electron 45.5.0; Windows NT 10.0; Win64; x64)',
  MACOS: 'WhiteCross/0.1.0 (Electron 45.5.0; Macintosh; Intel Mac OS X 14_6)',
  LINUX: 'WhiteCross/0.1.0 (Electron 45.5.0; X11; Linux x86_64)',
};

/** The nurse workstation's address on the district network: one subnet per school (schools by id). */
export function schoolIp(schoolIds: readonly string[], schoolId: string | null): string {
  return `10.0.${10 + Math.max(0, schoolIds.indexOf(schoolId ?? ''))}.25`;
}
