import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import forge from 'node-forge';
import {
  buildAck,
  parseHl7,
  parseSoapRequest,
  readMsh,
  soapFault,
  soapResponse,
  type AckError,
  type IisFault,
} from '../../src-shared/registry';
import { readHl7 } from './hl7-conformance';

/**
 * A state immunization registry on loopback for the tests: an HTTPS server (a self-signed certificate made here,
 * optionally asking for the district's client certificate) serving CDC's IIS web service operations
 * (submitSingleMessage, connectivityTest) as SOAP 1.2. A VXU is answered by an ACK in the conformance messages'
 * form (48_ACK_V04, MSA-2 the VXU's control id), a QBP by the conformance RSP 59 (MSA-2 and QAK-1 the query's).
 * It can be told to fault, to time out, to reject a field (AE with an ERR at that location), to answer slowly,
 * or to be down (the connection closed). Every message it received is kept, to count re-sends.
 */

export type LoopbackMode =
  | { readonly kind: 'accept' }
  | { readonly kind: 'reject-field'; readonly errors: readonly AckError[]; readonly code?: 'AE' | 'AR' }
  | { readonly kind: 'fault'; readonly fault: IisFault }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'down' }
  | { readonly kind: 'garbage'; readonly body: string };

export interface Pki {
  readonly caPem: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
}

function keyPair(): { pub: forge.pki.PublicKey; priv: forge.pki.rsa.PrivateKey; privPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return {
    pub: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    priv: forge.pki.privateKeyFromPem(privPem),
    privPem,
  };
}

function cert(
  subjectCn: string,
  pub: forge.pki.PublicKey,
  issuer: { cn: string; key: forge.pki.rsa.PrivateKey },
  serial: string,
  extensions: object[],
): string {
  const c = forge.pki.createCertificate();
  c.publicKey = pub;
  c.serialNumber = serial;
  c.validity.notBefore = new Date(Date.now() - 86_400_000);
  c.validity.notAfter = new Date(Date.now() + 30 * 86_400_000);
  c.setSubject([{ name: 'commonName', value: subjectCn }]);
  c.setIssuer([{ name: 'commonName', value: issuer.cn }]);
  c.setExtensions(extensions);
  c.sign(issuer.key, forge.md.sha256.create());
  return forge.pki.certificateToPem(c);
}

/** A test CA, the registry's server certificate (localhost, 127.0.0.1) and a district client certificate. */
export function makePki(): Pki {
  const ca = keyPair();
  const caPem = cert('Loopback IIS test CA', ca.pub, { cn: 'Loopback IIS test CA', key: ca.priv }, '01', [
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, digitalSignature: true },
  ]);
  const server = keyPair();
  const serverCertPem = cert('localhost', server.pub, { cn: 'Loopback IIS test CA', key: ca.priv }, '02', [
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
    { name: 'extKeyUsage', serverAuth: true },
  ]);
  const client = keyPair();
  const clientCertPem = cert(
    'Test District',
    client.pub,
    { cn: 'Loopback IIS test CA', key: ca.priv },
    '03',
    [{ name: 'extKeyUsage', clientAuth: true }],
  );
  return { caPem, serverCertPem, serverKeyPem: server.privPem, clientCertPem, clientKeyPem: client.privPem };
}

export interface Received {
  readonly op: string;
  readonly fields: Record<string, string>;
  /** MSH-10 of the message, for submitSingleMessage. */
  readonly controlId: string;
  readonly clientCertificate: string | null;
}

export interface LoopbackRegistry {
  readonly url: string;
  readonly pki: Pki;
  readonly received: Received[];
  mode: LoopbackMode;
  /** Milliseconds to wait before answering. */
  delayMs: number;
  /** The user name and password it accepts (anything else: SecurityFault). */
  readonly username: string;
  readonly password: string;
  close(): Promise<void>;
}

function answerVxu(hl7: string, mode: LoopbackMode): string {
  const msh = readMsh(parseHl7(hl7).segments[0]!);
  if (mode.kind === 'reject-field')
    return buildAck({
      controlId: `IIS${msh.controlId}`,
      ackOf: msh.controlId,
      sentAt: new Date(),
      utcOffsetMinutes: -300,
      processingId: msh.processingId === 'P' ? 'P' : 'T',
      registryApp: msh.receivingApplication,
      registryFacility: msh.receivingFacility,
      receivingApp: msh.sendingApplication,
      receivingFacility: msh.sendingFacility,
      code: mode.code ?? 'AE',
      errors: mode.errors,
    });
  // 48_ACK_V04: MSH|...|ACK^V04^ACK|1234567|P|2.5.1|...  MSA|AA|9299381
  return readHl7('48_ACK_V04.hl7').replace(/MSA\|AA\|[^\r]*/, `MSA|AA|${msh.controlId}`);
}

function answerQbp(hl7: string): string {
  const m = parseHl7(hl7);
  const msh = readMsh(m.segments[0]!);
  const tag = m.segments.find((s) => s.name === 'QPD')?.fields[2]?.[0]?.[0]?.[0] ?? '';
  return readHl7('59_RSP_K11.hl7')
    .replace(/MSA\|AA\|[^\r]*/, `MSA|AA|${msh.controlId}`)
    .replace(/QAK\|[^|]*\|/, `QAK|${tag}|`);
}

export async function startLoopbackRegistry(
  o: { requireClientCert?: boolean; pki?: Pki } = {},
): Promise<LoopbackRegistry> {
  const pki = o.pki ?? makePki();
  const state = {
    mode: { kind: 'accept' } as LoopbackMode,
    delayMs: 0,
  };
  const received: Received[] = [];
  const username = 'district-user';
  const password = 'district-pass';
  const server: Server = createServer(
    {
      cert: pki.serverCertPem,
      key: pki.serverKeyPem,
      ca: pki.caPem,
      requestCert: o.requireClientCert ?? false,
      rejectUnauthorized: o.requireClientCert ?? false,
    },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const mode = state.mode;
        if (mode.kind === 'down') {
          req.socket.destroy();
          return;
        }
        if (mode.kind === 'timeout') return; // never answers
        const peer = (req.socket as TLSSocket).getPeerCertificate?.();
        let op = '';
        let fields: Record<string, string> = {};
        try {
          ({ op, fields } = parseSoapRequest(Buffer.concat(chunks).toString('utf8')));
        } catch {
          res.writeHead(400).end('not SOAP');
          return;
        }
        const hl7 = fields.hl7Message ?? '';
        received.push({
          op,
          fields,
          controlId: hl7 ? readMsh(parseHl7(hl7).segments[0]!).controlId : '',
          clientCertificate: peer && peer.subject ? String(peer.subject.CN) : null,
        });
        const send = (status: number, body: string) =>
          setTimeout(() => {
            res.writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8' }).end(body);
          }, state.delayMs);
        if (mode.kind === 'garbage') {
          send(200, mode.body);
          return;
        }
        if (mode.kind === 'fault') {
          send(500, soapFault(mode.fault));
          return;
        }
        if (op === 'connectivityTest')
          send(
            200,
            soapResponse('connectivityTest', `End-point is ready. Echoback: ${fields.echoBack ?? ''}`),
          );
        else if (op !== 'submitSingleMessage')
          send(
            500,
            soapFault({ kind: 'UnknownFault', code: 'OP', reason: `unknown operation ${op}`, detail: '' }),
          );
        else if (fields.username !== username || fields.password !== password)
          send(
            500,
            soapFault({
              kind: 'SecurityFault',
              code: '10',
              reason: 'Security',
              detail: 'Bad user name or password',
            }),
          );
        else {
          const type = readMsh(parseHl7(hl7).segments[0]!).messageType;
          send(
            200,
            soapResponse('submitSingleMessage', type === 'QBP' ? answerQbp(hl7) : answerVxu(hl7, mode)),
          );
        }
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const reg: LoopbackRegistry = {
    url: `https://localhost:${port}/IISService`,
    pki,
    received,
    get mode() {
      return state.mode;
    },
    set mode(m: LoopbackMode) {
      state.mode = m;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    username,
    password,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return reg;
}
