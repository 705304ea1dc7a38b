import type { UserRole } from '../../src-shared/enums';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import type { ReportRenderer, ReportSigningKey } from '../../src-shared/reports';

export type { RenderedReport, ReportRenderer, ReportSigningKey } from '../../src-shared/reports';

export interface ReportDeps {
  readonly db: ServerDb;
  readonly clock: Clock;
  /** The server's data folder: files go to `<dataDir>/reports/...`. */
  readonly dataDir: string;
  readonly render: ReportRenderer;
  /** The district's signing key if there is one (read per run: a key made by `reports keygen` applies at once). */
  readonly signingKey: () => ReportSigningKey | null;
}

/** Who runs a report, from where (an HTTP request's token, or the CLI's --as user). */
export interface ReportCaller {
  readonly userId: string;
  readonly role: UserRole;
  readonly districtId: string;
  readonly schoolIds: readonly string[];
  readonly deviceId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}
