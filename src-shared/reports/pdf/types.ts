/**
 * The PDF engine's inputs and output. Pure data: the fonts arrive as bytes (a Node-side loader reads them from
 * node_modules: server-sync/reports/fonts.ts, src-main/workstation/reports/fonts.ts), the signer as PEM text.
 */

/**
 * The TrueType fonts a report may use, tried in this order for each character: the Latin face (Latin, Vietnamese,
 * Cyrillic, Greek), then Arabic, then CJK (Chinese, kana), then Korean. A font is embedded (as a subset) only if some character of the report
 * needs it. Bold text in a script without a bold face here uses that script's regular face.
 */
export interface ReportFonts {
  /** Noto Sans Regular. */
  readonly regular: Uint8Array;
  /** Noto Sans Bold. */
  readonly bold: Uint8Array;
  /** Noto Sans Arabic Regular. */
  readonly arabic: Uint8Array;
  readonly arabicBold?: Uint8Array;
  /** Noto Sans SC Regular (Chinese and Japanese kana; it has no Korean hangul). */
  readonly cjk: Uint8Array;
  readonly cjkBold?: Uint8Array;
  /** Noto Sans KR Regular (Korean hangul). */
  readonly korean: Uint8Array;
  readonly koreanBold?: Uint8Array;
}

/** The district's signing identity: PEM key and certificate (and the chain up to its root, if any). */
export interface ReportSigner {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  readonly chainPem?: readonly string[];
  /** The signer's name in the signature dictionary (/Name). */
  readonly name: string;
  readonly reason: string;
  readonly location: string;
}

export interface RenderOptions {
  /** Signs the PDF (PKCS#7 detached, adbe.pkcs7.detached). */
  readonly signer?: ReportSigner;
}

export interface RenderedReport {
  readonly bytes: Uint8Array;
  readonly pageCount: number;
  /** SHA-256 of `bytes`, lower-case hex. */
  readonly sha256: string;
}
