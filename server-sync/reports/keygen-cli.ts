import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { generateSigningCertificate } from '../../src-shared/reports/pdf';
import { SigningKeyError, storeSigningKey, type KekSource } from './signing';

/**
 * `white-cross reports keygen [--import key.pem cert.pem] [--name "…"] [--days N]`: makes (or imports) the district's
 * report signing key and certificate and stores them encrypted (signing.ts). Prints the certificate's SHA-256
 * fingerprint and where it is; district reports are signed from then on.
 */
export function registerKeygenCommand(report: Command, kekSource: () => KekSource): void {
  report
    .command('keygen')
    .description(
      "make the district's report signing key and self-signed certificate, or --import an existing pair",
    )
    .option(
      '--import <files...>',
      'import a PEM private key and its PEM certificate instead: --import key.pem cert.pem',
    )
    .option('--name <name>', "the certificate's common name and organization", 'White Cross District Reports')
    .option('--days <n>', 'validity of a generated certificate in days', '1825')
    .action((opts: { import?: string[]; name: string; days: string }) => {
      try {
        let pair: { privateKeyPem: string; certificatePem: string };
        if (opts.import) {
          if (opts.import.length !== 2)
            throw new SigningKeyError('--import takes two files: key.pem cert.pem');
          const [keyFile = '', certFile = ''] = opts.import;
          pair = {
            privateKeyPem: readFileSync(keyFile, 'utf8'),
            certificatePem: readFileSync(certFile, 'utf8'),
          };
        } else {
          const days = Number(opts.days);
          if (!Number.isInteger(days) || days < 1 || days > 36500)
            throw new SigningKeyError(`--days must be a whole number from 1 to 36500, got "${opts.days}"`);
          pair = generateSigningCertificate({ commonName: opts.name, organization: opts.name, days });
        }
        const c = kekSource();
        const fingerprint = storeSigningKey(c, pair, new Date());
        console.log(
          `report signing key ${opts.import ? 'imported' : 'made'}: certificate SHA-256 ${fingerprint} (in ${c.dataDir}/report-signing, the key encrypted)`,
        );
      } catch (e) {
        console.error(`reports keygen: ${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = 1;
      }
    });
}
