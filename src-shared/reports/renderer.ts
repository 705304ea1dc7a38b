import type { ReportDocument } from './document';

/**
 * What renders a report document to PDF, as a type (pure): the district server's engine (server-sync/reports, signed
 * with the district's key when one is given) is one; a feature that prints (the reminder letters) takes one as a
 * dependency, so it depends on this type, not on the reports feature.
 */

/** The district's signing key and certificate (PEM), when one exists. */
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
