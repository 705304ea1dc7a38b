import forge from 'node-forge';

/**
 * A self-signed district signing certificate (RSA 2048, SHA-256; key usage digitalSignature and nonRepudiation),
 * for `white-cross reports keygen`. Returns PEM text; the caller stores the key (it is a secret).
 */
export interface SigningCertificateRequest {
  readonly commonName: string;
  readonly organization: string;
  /** Validity in days from `notBefore`. */
  readonly days: number;
  /** Start of validity (default: now). */
  readonly notBefore?: Date;
}

export interface SigningCertificate {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  /** SHA-256 fingerprint of the certificate (DER), hex with colons. */
  readonly fingerprint: string;
}

export function generateSigningCertificate(req: SigningCertificateRequest): SigningCertificate {
  if (!req.commonName.trim()) throw new Error('commonName: required');
  if (!req.organization.trim()) throw new Error('organization: required');
  if (!Number.isInteger(req.days) || req.days < 1 || req.days > 36500)
    throw new Error('days: a whole number from 1 to 36500');
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  // a positive random serial number (first byte below 0x80)
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  const from = req.notBefore ?? new Date();
  cert.validity.notBefore = from;
  cert.validity.notAfter = new Date(from.getTime() + req.days * 86_400_000);
  const name = [
    { name: 'commonName', value: req.commonName },
    { name: 'organizationName', value: req.organization },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', critical: true, digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const fingerprint = (forge.md.sha256.create().update(der).digest().toHex().match(/../g) ?? [])
    .join(':')
    .toUpperCase();
  return {
    privateKeyPem: forge.pki.privateKeyToPem(keys.privateKey),
    certificatePem: forge.pki.certificateToPem(cert),
    fingerprint,
  };
}
