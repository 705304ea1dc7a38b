import { request } from 'node:https';
import {
  connectivityTestRequest,
  parseSoapResponse,
  soapContentType,
  submitSingleMessageRequest,
  SoapFormatError,
  type IisOperation,
  type SoapResult,
} from '../../src-shared/registry';
import type { RegistryCredentials } from './credentials';

/**
 * The SOAP 1.2 client of CDC's IIS web service over HTTPS, with mutual TLS when the connection has a client
 * certificate. A SOAP fault is an answer (SoapResult); no answer (refused, reset, timed out, an HTTP error that is
 * not a fault, a body that is not SOAP) is a TransportError saying which.
 */

export interface IisEndpoint {
  readonly url: string;
  readonly timeoutMs: number;
  readonly clientCertificatePem: string | null;
  /** Extra trust anchors (PEM) beside the system's, e.g. a state's private CA (and the tests' loopback registry). */
  readonly caPem?: string | null;
}

export type TransportErrorKind = 'TIMEOUT' | 'NETWORK' | 'HTTP' | 'FORMAT';

export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

function post(
  e: IisEndpoint,
  key: string | null,
  op: IisOperation,
  body: string,
): Promise<{ status: number; text: string }> {
  const url = new URL(e.url);
  if (url.protocol !== 'https:')
    return Promise.reject(new TransportError('NETWORK', `the endpoint must be https, got ${url.protocol}`));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': soapContentType(op), 'content-length': Buffer.byteLength(body) },
        ...(e.clientCertificatePem && key ? { cert: e.clientCertificatePem, key } : {}),
        ...(e.caPem ? { ca: e.caPem } : {}),
        timeout: e.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER_BYTES)
            req.destroy(new TransportError('FORMAT', 'the answer is larger than 16 MB'));
          else chunks.push(c);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (err) => reject(new TransportError('NETWORK', err.message)));
      },
    );
    req.on('timeout', () =>
      req.destroy(new TransportError('TIMEOUT', `no answer within ${e.timeoutMs / 1000} s`)),
    );
    req.on('error', (err) =>
      reject(
        err instanceof TransportError ? err : new TransportError('NETWORK', `${url.host}: ${err.message}`),
      ),
    );
    req.end(body);
  });
}

async function call(e: IisEndpoint, key: string | null, op: IisOperation, body: string): Promise<SoapResult> {
  const res = await post(e, key, op, body);
  try {
    return parseSoapResponse(res.text, op);
  } catch (err) {
    if (!(err instanceof SoapFormatError)) throw err;
    if (res.status < 200 || res.status >= 300)
      throw new TransportError('HTTP', `HTTP ${res.status} from the registry (${err.message})`);
    throw new TransportError('FORMAT', err.message);
  }
}

export function submitSingleMessage(
  e: IisEndpoint,
  c: RegistryCredentials,
  facilityId: string,
  hl7Message: string,
): Promise<SoapResult> {
  return call(
    e,
    c.clientKeyPem,
    'submitSingleMessage',
    submitSingleMessageRequest({ username: c.username, password: c.password, facilityId, hl7Message }),
  );
}

export function connectivityTest(
  e: IisEndpoint,
  c: RegistryCredentials,
  echoBack: string,
): Promise<SoapResult> {
  return call(e, c.clientKeyPem, 'connectivityTest', connectivityTestRequest(echoBack));
}

/**
 * CDC's connectivityTest against a connection, as a plain outcome for the clerk or the IT person (the console's and
 * the CLI's "test connection"): the registry's echo, or the fault, transport error or credential problem in words.
 */
export async function testConnection(
  c: {
    readonly endpoint_url: string | null;
    readonly request_timeout_seconds: number;
    readonly client_certificate_pem: string | null;
  },
  credentials: () => Promise<RegistryCredentials>,
  at: Date,
  caPem: string | null = null,
): Promise<{ ok: boolean; message: string }> {
  try {
    if (!c.endpoint_url) throw new Error('the connection has no endpoint');
    const r = await connectivityTest(
      {
        url: c.endpoint_url,
        timeoutMs: c.request_timeout_seconds * 1000,
        clientCertificatePem: c.client_certificate_pem,
        caPem,
      },
      await credentials(),
      `White Cross ${at.toISOString()}`,
    );
    return r.ok
      ? { ok: true, message: r.value }
      : {
          ok: false,
          message: `${r.fault.kind}: ${r.fault.reason}${r.fault.detail ? ` (${r.fault.detail})` : ''}`,
        };
  } catch (e) {
    return {
      ok: false,
      message:
        e instanceof TransportError ? `${e.kind}: ${e.message}` : e instanceof Error ? e.message : String(e),
    };
  }
}
