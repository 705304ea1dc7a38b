import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { v7 as uuidv7 } from 'uuid';
import { buildVxu } from '../../src-shared/registry';
import { appendAudit } from '../audit';
import type { ServerDbHandle } from '../db/connect';
import { checkClientCertificate } from './certificate';
import { loadRegistryCredentials, storeRegistryCredentials } from './credentials';
import { parseReport } from './parse-report';
import { testConnection } from './transport';
import { activeConnection, doseForRegistry, RegistryDataError } from './vxu-source';

/**
 * `white-cross registry`: vxu (the VXU of one dose, or why it is held), parse (a message as JSON, no database),
 * test-connection (CDC's connectivityTest against the district's registry), credentials (store the user name,
 * password and client certificate, encrypted under the KEK).
 */

export type WithDb = <T>(fn: (h: ServerDbHandle) => Promise<T>) => Promise<T>;

export interface RegistryCliDeps {
  readonly withDb: WithDb;
  /** The key-encryption key, made in the data folder on first use outside production when `create`. */
  readonly kek: (create: boolean) => Uint8Array | null;
}

function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
}

const readText = (file: string): string => readFileSync(file, 'utf8');

export function registerRegistryCommands(program: Command, deps: RegistryCliDeps): void {
  const registry = program
    .command('registry')
    .description("the state immunization registry (HL7 v2.5.1 over CDC's SOAP web service)");

  registry
    .command('vxu')
    .description(
      "print the VXU^V04 (Z22) of one dose, as it would be sent now; a dose the guide's rules hold back is refused with the reasons",
    )
    .requiredOption('--vaccination <id>', 'the vaccination (vaccinations.id)')
    .option('--action <code>', 'RXA-21: A add, U update, D delete', 'A')
    .option('--raw', 'segments end with CR only, as sent (default: one segment a line)', false)
    .action(async (o: { vaccination: string; action: string; raw: boolean }) => {
      if (!['A', 'U', 'D'].includes(o.action)) return fail(`--action must be A, U or D, got "${o.action}"`);
      await deps.withDb(async (h) => {
        const at = new Date();
        let dose;
        try {
          dose = await doseForRegistry(h.db, o.vaccination, {
            controlId: uuidv7({ msecs: at.getTime() }),
            sentAt: at,
            action: o.action as 'A' | 'U' | 'D',
          });
        } catch (e) {
          if (e instanceof RegistryDataError) return fail(e.message);
          throw e;
        }
        await h.db.transaction().execute((trx) =>
          appendAudit(trx, {
            action: 'READ',
            userId: null,
            deviceId: null,
            schoolId: dose.schoolId,
            tableName: 'vaccinations',
            recordId: o.vaccination,
            ip: null,
            userAgent: 'white-cross registry vxu',
            details: { held: dose.problems.length > 0 },
            at,
          }),
        );
        if (dose.problems.length > 0)
          return fail(
            `held back, not sent:\n${dose.problems.map((p) => `  ${p.field}: ${p.reason}`).join('\n')}`,
          );
        const m = buildVxu(dose.input);
        process.stdout.write(o.raw ? m : m.replace(/\r/g, '\n'));
      });
    });

  registry
    .command('parse')
    .description(
      'print an HL7 v2 message (VXU, ACK, QBP, RSP...) as JSON: its segments and fields, the typed reading, what an ACK or RSP says, and any errors',
    )
    .argument('<file>', 'the message (CR, LF or CRLF segment ends; an MLLP frame is fine)')
    .action((file: string) => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        return fail(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const r = parseReport(file, bytes);
      console.log(JSON.stringify(r, null, 2));
      if (!r.ok) process.exitCode = 1;
    });

  registry
    .command('test-connection')
    .description(
      "CDC's connectivityTest against the district's active immunization registry connection; records the outcome on the connection",
    )
    .option('--state <code>', "the connection's state (default: the only active one)")
    .action(async (o: { state?: string }) => {
      await deps.withDb(async (h) => {
        const districts = await h.db.selectFrom('districts').select('id').execute();
        const conns = (await Promise.all(districts.map((d) => activeConnection(h.db, d.id)))).filter(
          (c) => c !== undefined && (!o.state || c.state_code === o.state.toUpperCase()),
        );
        const c = conns[0];
        if (!c || conns.length > 1)
          return fail(
            c
              ? 'several active registry connections: name one with --state'
              : 'no active immunization registry connection',
          );
        if (!c.endpoint_url) return fail(`the ${c.state_code} registry connection has no endpoint_url`);
        const at = new Date();
        const { ok, message: outcome } = await testConnection(
          c,
          () => loadRegistryCredentials(h.db, deps.kek(false), c.credential_vault_key),
          at,
        );
        await h.db
          .updateTable('registry_connections')
          .set(
            ok
              ? {
                  last_successful_connection: at,
                  connection_status: c.connection_status === 'ERROR' ? 'ACTIVE' : c.connection_status,
                  updated_at: at,
                }
              : { last_connection_error: outcome, connection_status: 'ERROR', updated_at: at },
          )
          .where('id', '=', c.id)
          .execute();
        if (ok)
          console.log(`${c.registry_name} (${c.endpoint_url}): connected. The registry answered: ${outcome}`);
        else fail(`${c.registry_name} (${c.endpoint_url}): not connected. ${outcome}`);
      });
    });

  registry
    .command('credentials')
    .description(
      "store the registry connection's user name, password and (for mutual TLS) client certificate and key, the secrets encrypted under the key-encryption key",
    )
    .option('--state <code>', "the connection's state (default: the only active one)")
    .requiredOption('--username <name>', 'the user name the registry gave the district')
    .requiredOption('--password-file <file>', 'a file holding the password (first line)')
    .option('--cert <file>', "the district's client certificate (PEM)")
    .option('--key <file>', 'its private key (PEM, unencrypted)')
    .action(
      async (o: { state?: string; username: string; passwordFile: string; cert?: string; key?: string }) => {
        if (!!o.cert !== !!o.key) return fail('--cert and --key go together');
        const password = readText(o.passwordFile).split(/\r?\n/)[0] ?? '';
        const certPem = o.cert ? readText(o.cert) : null;
        const keyPem = o.key ? readText(o.key) : null;
        if (certPem && keyPem) {
          const info = checkClientCertificate(certPem, keyPem, new Date());
          console.log(
            `client certificate ${info.subject}, issued by ${info.issuer}, valid to ${info.notAfter.toISOString()}, SHA-256 ${info.fingerprintSha256}`,
          );
        }
        const kek = deps.kek(true);
        if (!kek) return fail('no key-encryption key (set WHITE_CROSS_KEK)');
        await deps.withDb(async (h) => {
          const rows = await h.db
            .selectFrom('registry_connections')
            .selectAll()
            .where('registry_type', '=', 'IMMUNIZATION')
            .where('is_active', '=', true)
            .$if(!!o.state, (q) => q.where('state_code', '=', (o.state ?? '').toUpperCase()))
            .execute();
          const c = rows[0];
          if (!c || rows.length > 1)
            return fail(
              c
                ? 'several active registry connections: name one with --state'
                : 'no active immunization registry connection',
            );
          const at = new Date();
          const vaultKey = c.credential_vault_key ?? `registry/${c.state_code.toLowerCase()}/${c.id}`;
          await h.db.transaction().execute(async (trx) => {
            await storeRegistryCredentials(trx, kek, {
              vaultKey,
              districtId: c.district_id,
              username: o.username,
              secrets: { password, clientKeyPem: keyPem },
              at,
            });
            await trx
              .updateTable('registry_connections')
              .set({
                credential_vault_key: vaultKey,
                ...(certPem ? { client_certificate_pem: certPem } : {}),
                updated_at: at,
              })
              .where('id', '=', c.id)
              .execute();
            await appendAudit(trx, {
              action: 'ADMIN',
              userId: null,
              deviceId: null,
              schoolId: null,
              tableName: 'registry_credentials',
              recordId: vaultKey,
              ip: null,
              userAgent: 'white-cross registry credentials',
              details: { connectionId: c.id, clientCertificate: !!certPem },
              at,
            });
          });
          console.log(`stored the ${c.state_code} registry credentials under ${vaultKey}`);
        });
      },
    );
}
