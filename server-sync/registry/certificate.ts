import forge from 'node-forge';

/**
 * The district's client certificate for mutual TLS, inspected with node-forge when it is imported: who it names,
 * who issued it, when it is valid, its SHA-256 fingerprint, and whether the private key given with it is its key.
 */

export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly fingerprintSha256: string;
}

export class CertificateError extends Error {
  override name = 'CertificateError';
}

const dn = (attrs: forge.pki.CertificateField[]): string =>
  attrs.map((a) => `${a.shortName ?? a.name ?? a.type}=${String(a.value)}`).join(', ');

export function inspectCertificate(pem: string): CertificateInfo {
  let cert: forge.pki.Certificate;
  try {
    cert = forge.pki.certificateFromPem(pem);
  } catch (e) {
    throw new CertificateError(`not a PEM X.509 certificate (${e instanceof Error ? e.message : String(e)})`);
  }
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const md = forge.md.sha256.create();
  md.update(der);
  return {
    subject: dn(cert.subject.attributes),
    issuer: dn(cert.issuer.attributes),
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    fingerprintSha256: md
      .digest()
      .toHex()
      .toUpperCase()
      .replace(/(..)(?!$)/g, '$1:'),
  };
}

/** Refuses a key that is not the certificate's, or a certificate not valid at `at`. */
export function checkClientCertificate(certPem: string, keyPem: string, at: Date): CertificateInfo {
  const info = inspectCertificate(certPem);
  let key: forge.pki.rsa.PrivateKey;
  try {
    key = forge.pki.privateKeyFromPem(keyPem);
  } catch (e) {
    throw new CertificateError(
      `the private key is not an unencrypted PEM RSA key (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const pub = forge.pki.certificateFromPem(certPem).publicKey as forge.pki.rsa.PublicKey;
  if (pub.n.compareTo(key.n) !== 0 || pub.e.compareTo(key.e) !== 0)
    throw new CertificateError(`the private key is not the key of the certificate ${info.subject}`);
  if (at < info.notBefore || at > info.notAfter)
    throw new CertificateError(
      `the certificate ${info.subject} is valid from ${info.notBefore.toISOString()} to ${info.notAfter.toISOString()}`,
    );
  return info;
}
