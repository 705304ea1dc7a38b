import { z } from 'zod';

/**
 * What the demo district server of `npm start` (server-sync/demo/serve.ts) tells the launcher that started it
 * (src-main/launcher): one line on its standard output per event, `DEMO_EVENT_PREFIX` + JSON. Its logs go to
 * standard error. The demo nurse's password goes the other way, on the server's standard input.
 */

export const DEMO_EVENT_PREFIX = 'white-cross-demo-event ';

/** The demo nurse `npm start` creates (her password is random per install, kept in the launcher's state). */
export const DEMO_NURSE_EMAIL = 'demo.nurse@example.org';
/** The demo district's administrator, for the district console (/console); the demo nurse's password. */
export const DEMO_ADMIN_EMAIL = 'demo.admin@example.org';

/** Students of the demo district `npm start` seeds on first run (small, so the first run is quick). */
export const DEMO_DEFAULT_STUDENTS = 300;

export const DemoSetupEvent = z.object({
  event: z.literal('setup'),
  /** true when this run seeded the district (false: it was already there) */
  seeded: z.boolean(),
  schoolId: z.string().min(1),
  schoolName: z.string().min(1),
  nurseEmail: z.string().min(1),
  /** a fresh one-time code that enrolls one workstation for the school */
  enrollmentCode: z.string().min(1),
});
export type DemoSetupEvent = z.infer<typeof DemoSetupEvent>;

export const DemoListeningEvent = z.object({
  event: z.literal('listening'),
  url: z.url({ protocol: /^http$/ }),
});
export type DemoListeningEvent = z.infer<typeof DemoListeningEvent>;

export const DemoEvent = z.discriminatedUnion('event', [DemoSetupEvent, DemoListeningEvent]);
export type DemoEvent = z.infer<typeof DemoEvent>;

export const formatDemoEvent = (e: DemoEvent): string => `${DEMO_EVENT_PREFIX}${JSON.stringify(e)}\n`;

/** The event on this output line; null for any other line. Throws when a prefixed line is malformed. */
export function parseDemoEvent(line: string): DemoEvent | null {
  if (!line.startsWith(DEMO_EVENT_PREFIX)) return null;
  const parsed = DemoEvent.safeParse(JSON.parse(line.slice(DEMO_EVENT_PREFIX.length)));
  if (!parsed.success)
    throw new Error(
      `demo server event: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}
