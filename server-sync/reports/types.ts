import type { UserRole } from '../../src-shared/enums';
import type { ReportDocument } from '../../src-shared/reports/document';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';

/** The district's signing key and certificate (PEM), when one exists (signing.ts). */
export interface ReportSigningKey {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  /** SHA-256 of the certificate (DER), hex: which key signed. */
  readonly fingerprint: string;
}

export interface RenderedReport {
  readonly bytes: Uint8Array;
  readonly pageCount: number;
  readonly sha256: string;
}

/** Lays out and renders a document to PDF (the engine, src-shared/reports/pdf), signed when a key is given. */
export type ReportRenderer = (
  doc: ReportDocument,
  signer: ReportSigningKey | null,
) => Promise<RenderedReport>;

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
