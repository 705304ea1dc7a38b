import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAck, parseRsp, buildQbp, buildVxu } from '../../../src-shared/registry';
import {
  checkClientCertificate,
  inspectCertificate,
  CertificateError,
} from '../../../server-sync/registry/certificate';
import {
  connectivityTest,
  submitSingleMessage,
  TransportError,
  type IisEndpoint,
} from '../../../server-sync/registry/transport';
import { HL7_DIR, HL7_SKIP_REASON } from '../../support/hl7-conformance';
import { makePki, startLoopbackRegistry, type LoopbackRegistry } from '../../support/loopback-registry';
import { SAMPLE_VXU } from './sample';

if (!HL7_DIR) console.warn(`skipping the registry transport tests: ${HL7_SKIP_REASON}`);

describe.skipIf(!HL7_DIR)("CDC's IIS SOAP transport against the loopback registry", () => {
  let reg: LoopbackRegistry;
  let mtls: LoopbackRegistry;
  const creds = () => ({ username: reg.username, password: reg.password, clientKeyPem: null });
  const endpoint = (r: LoopbackRegistry, over: Partial<IisEndpoint> = {}): IisEndpoint => ({
    url: r.url,
    timeoutMs: 2_000,
    clientCertificatePem: null,
    caPem: r.pki.caPem,
    ...over,
  });
  const vxu = (controlId: string) => buildVxu({ ...SAMPLE_VXU, controlId });

  beforeAll(async () => {
    const pki = makePki();
    reg = await startLoopbackRegistry({ pki });
    mtls = await startLoopbackRegistry({ pki, requireClientCert: true });
  });
  afterAll(async () => {
    await reg?.close();
    await mtls?.close();
  });

  it('connectivityTest echoes back', async () => {
    expect(await connectivityTest(endpoint(reg), creds(), 'hello')).toEqual({
      ok: true,
      value: 'End-point is ready. Echoback: hello',
    });
  });

  it('submitSingleMessage: a VXU is answered by an ACK of its control id; CRs survive the XML both ways', async () => {
    reg.mode = { kind: 'accept' };
    const r = await submitSingleMessage(endpoint(reg), creds(), 'OH123456', vxu('CTRL-1'));
    if (!r.ok) throw new Error(r.fault.reason);
    expect(r.value.split('\r').length).toBeGreaterThan(2);
    expect(parseAck(r.value)).toMatchObject({ code: 'AA', ackOf: 'CTRL-1' });
    expect(reg.received.at(-1)).toMatchObject({ op: 'submitSingleMessage', controlId: 'CTRL-1' });
    expect(reg.received.at(-1)?.fields.facilityID).toBe('OH123456');
  });

  it('a QBP is answered by an RSP with its query tag', async () => {
    const qbp = buildQbp({ ...SAMPLE_VXU, profile: 'Z34', controlId: 'Q-1', queryTag: 'TAG-9' });
    const r = await submitSingleMessage(endpoint(reg), creds(), 'OH123456', qbp);
    if (!r.ok) throw new Error(r.fault.reason);
    expect(parseRsp(r.value)).toMatchObject({ queryTag: 'TAG-9', outcome: 'HISTORY' });
  });

  it('a rejected field comes back as AE with the ERR location', async () => {
    reg.mode = {
      kind: 'reject-field',
      errors: [
        {
          location: 'RXA^1^15',
          hl7Code: '103^Table value not found^HL70357',
          severity: 'E',
          appCode: '5^Table value not found^HL70533',
          message: 'Lot not in inventory',
        },
      ],
    };
    const r = await submitSingleMessage(endpoint(reg), creds(), 'OH123456', vxu('CTRL-2'));
    if (!r.ok) throw new Error(r.fault.reason);
    expect(parseAck(r.value).issues[0]).toMatchObject({ fieldName: 'RXA-15', text: 'Lot not in inventory' });
    reg.mode = { kind: 'accept' };
  });

  it('faults: SecurityFault for a wrong password, MessageTooLargeFault with its sizes', async () => {
    const bad = await submitSingleMessage(endpoint(reg), { ...creds(), password: 'nope' }, 'F', vxu('C3'));
    expect(bad).toMatchObject({
      ok: false,
      fault: { kind: 'SecurityFault', detail: 'Bad user name or password' },
    });
    reg.mode = {
      kind: 'fault',
      fault: {
        kind: 'MessageTooLargeFault',
        code: 'MTL',
        reason: 'Message too large',
        detail: '',
        size: 9,
        maxSize: 4,
      },
    };
    const big = await submitSingleMessage(endpoint(reg), creds(), 'F', vxu('C4'));
    expect(big).toMatchObject({ ok: false, fault: { kind: 'MessageTooLargeFault', size: 9, maxSize: 4 } });
    reg.mode = { kind: 'accept' };
  });

  it('no answer is a TransportError: timeout, connection closed, not SOAP; a slow answer within the timeout is fine', async () => {
    const kind = (p: Promise<unknown>) =>
      p.then(
        () => 'answered',
        (e: unknown) => (e instanceof TransportError ? e.kind : String(e)),
      );
    reg.mode = { kind: 'timeout' };
    expect(await kind(submitSingleMessage(endpoint(reg, { timeoutMs: 300 }), creds(), 'F', vxu('C5')))).toBe(
      'TIMEOUT',
    );
    reg.mode = { kind: 'down' };
    expect(await kind(submitSingleMessage(endpoint(reg), creds(), 'F', vxu('C6')))).toBe('NETWORK');
    reg.mode = { kind: 'garbage', body: '<html>maintenance</html>' };
    expect(await kind(submitSingleMessage(endpoint(reg), creds(), 'F', vxu('C7')))).toBe('FORMAT');
    reg.mode = { kind: 'accept' };
    reg.delayMs = 400;
    expect(
      await kind(submitSingleMessage(endpoint(reg, { timeoutMs: 3_000 }), creds(), 'F', vxu('C8'))),
    ).toBe('answered');
    expect(await kind(submitSingleMessage(endpoint(reg, { timeoutMs: 150 }), creds(), 'F', vxu('C9')))).toBe(
      'TIMEOUT',
    );
    reg.delayMs = 0;
  });

  it('an untrusted server certificate is refused', async () => {
    const r = await submitSingleMessage(endpoint(reg, { caPem: null }), creds(), 'F', vxu('C10')).then(
      () => 'answered',
      (e: unknown) => (e instanceof TransportError ? e.kind : String(e)),
    );
    expect(r).toBe('NETWORK');
  });

  it('mutual TLS: refused without the client certificate, accepted with it (the registry sees the district)', async () => {
    const without = await connectivityTest(endpoint(mtls), creds(), 'x').then(
      () => 'answered',
      (e: unknown) => (e instanceof TransportError ? e.kind : String(e)),
    );
    expect(without).toBe('NETWORK');
    const withCert = await connectivityTest(
      endpoint(mtls, { clientCertificatePem: mtls.pki.clientCertPem }),
      { ...creds(), clientKeyPem: mtls.pki.clientKeyPem },
      'x',
    );
    expect(withCert.ok).toBe(true);
    expect(mtls.received.at(-1)?.clientCertificate).toBe('Test District');
  });

  it('node-forge inspects the client certificate and refuses a key that is not its own', () => {
    const pki = reg.pki;
    const info = checkClientCertificate(pki.clientCertPem, pki.clientKeyPem, new Date());
    expect(info.subject).toBe('CN=Test District');
    expect(info.issuer).toBe('CN=Loopback IIS test CA');
    expect(info.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(() => checkClientCertificate(pki.clientCertPem, pki.serverKeyPem, new Date())).toThrow(
      /not the key of the certificate CN=Test District/,
    );
    expect(() =>
      checkClientCertificate(pki.clientCertPem, pki.clientKeyPem, new Date(Date.now() + 90 * 86_400_000)),
    ).toThrow(CertificateError);
    expect(() => inspectCertificate('not a cert')).toThrow(/not a PEM X.509 certificate/);
  });
});
