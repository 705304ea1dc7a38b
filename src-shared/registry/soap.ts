import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';

/**
 * CDC's web service for immunization information systems (the "CDC WSDL", namespace urn:cdc:iisb:2011), SOAP 1.2:
 * submitSingleMessage(username, password, facilityID, hl7Message) -> return (the HL7 answer); connectivityTest
 * (echoBack) -> return; faults SecurityFault, MessageTooLargeFault and UnknownFault, each with Code, Reason and
 * Detail (MessageTooLargeFault also Size and MaxSize). Pure text in, text out: the HTTP transport is the server's.
 */

export const IIS_NS = 'urn:cdc:iisb:2011';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';

export type IisOperation = 'submitSingleMessage' | 'connectivityTest';

/** XML text, with CR kept as a character reference (XML would read a raw CR as LF). */
export function xmlText(v: string): string {
  return v
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;');
}

const envelope = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>` +
  `<soap:Envelope xmlns:soap="${SOAP12_NS}" xmlns:urn="${IIS_NS}"><soap:Header/><soap:Body>${body}</soap:Body></soap:Envelope>`;

export interface SubmitRequest {
  readonly username: string;
  readonly password: string;
  readonly facilityId: string;
  readonly hl7Message: string;
}

export function submitSingleMessageRequest(r: SubmitRequest): string {
  return envelope(
    `<urn:submitSingleMessage>` +
      `<urn:username>${xmlText(r.username)}</urn:username>` +
      `<urn:password>${xmlText(r.password)}</urn:password>` +
      `<urn:facilityID>${xmlText(r.facilityId)}</urn:facilityID>` +
      `<urn:hl7Message>${xmlText(r.hl7Message)}</urn:hl7Message>` +
      `</urn:submitSingleMessage>`,
  );
}

export function connectivityTestRequest(echoBack: string): string {
  return envelope(
    `<urn:connectivityTest><urn:echoBack>${xmlText(echoBack)}</urn:echoBack></urn:connectivityTest>`,
  );
}

/** The SOAP 1.2 action of an operation, for the Content-Type header. */
export const soapContentType = (op: IisOperation): string =>
  `application/soap+xml; charset=utf-8; action="${IIS_NS}:${op}"`;

export type IisFaultKind = 'SecurityFault' | 'MessageTooLargeFault' | 'UnknownFault' | 'SoapFault';

export interface IisFault {
  readonly kind: IisFaultKind;
  readonly code: string;
  readonly reason: string;
  readonly detail: string;
  readonly size?: number;
  readonly maxSize?: number;
}

export type SoapResult =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly fault: IisFault };

export class SoapFormatError extends Error {
  override name = 'SoapFormatError';
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
});

const text = z.union([z.string(), z.number()]).transform(String);
const node = z.record(z.string(), z.unknown());

function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  const o = node.safeParse(v);
  if (o.success && '#text' in o.data) return str(o.data['#text']);
  return '';
}

function faultOf(f: Record<string, unknown>): IisFault {
  const code = str(node.safeParse(f.Code).data?.Value) || str(f.faultcode);
  const reason = str(node.safeParse(f.Reason).data?.Text) || str(f.faultstring);
  const detail = node.safeParse(f.Detail).data ?? {};
  for (const kind of ['SecurityFault', 'MessageTooLargeFault', 'UnknownFault'] as const) {
    const d = node.safeParse(detail[kind]);
    if (d.success) {
      const size = text.safeParse(d.data.Size);
      const max = text.safeParse(d.data.MaxSize);
      return {
        kind,
        code: str(d.data.Code) || code,
        reason: str(d.data.Reason) || reason,
        detail: str(d.data.Detail),
        ...(size.success ? { size: Number(size.data) } : {}),
        ...(max.success ? { maxSize: Number(max.data) } : {}),
      };
    }
  }
  return { kind: 'SoapFault', code, reason, detail: '' };
}

/**
 * The answer of an operation: its `return` text, or the fault. Anything else (not XML, no envelope, another
 * operation's answer) is a SoapFormatError naming what is missing.
 */
export function parseSoapResponse(xml: string, op: IisOperation): SoapResult {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new SoapFormatError(
      `the answer is not XML (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg})`,
    );
  const tree = node.safeParse(parser.parse(xml));
  const env = node.safeParse(tree.data?.Envelope);
  if (!env.success) throw new SoapFormatError('the answer has no SOAP Envelope');
  const body = node.safeParse(env.data.Body);
  if (!body.success) throw new SoapFormatError('the answer has no SOAP Body');
  const fault = node.safeParse(body.data.Fault);
  if (fault.success) return { ok: false, fault: faultOf(fault.data) };
  const resp = node.safeParse(body.data[`${op}Response`]);
  if (!resp.success) throw new SoapFormatError(`the answer has no ${op}Response`);
  if (!('return' in resp.data)) throw new SoapFormatError(`${op}Response has no return`);
  return { ok: true, value: str(resp.data.return) };
}

/** The text of a request's element (for the loopback registry and tests): the operation and its fields. */
export function parseSoapRequest(xml: string): { op: string; fields: Record<string, string> } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new SoapFormatError(`the request is not XML: ${valid.err.msg}`);
  const env = node.safeParse(node.safeParse(parser.parse(xml)).data?.Envelope);
  const body = node.safeParse(env.data?.Body);
  if (!body.success) throw new SoapFormatError('the request has no SOAP Body');
  const [op, value] = Object.entries(body.data).find(([k]) => k !== '#text') ?? [];
  if (!op) throw new SoapFormatError('the request names no operation');
  const fields = Object.fromEntries(
    Object.entries(node.safeParse(value).data ?? {}).map(([k, v]) => [k, str(v)]),
  );
  return { op, fields };
}

/** A SOAP 1.2 response (for the loopback registry): the operation's return, or a fault. */
export function soapResponse(op: IisOperation, value: string): string {
  return envelope(`<urn:${op}Response><urn:return>${xmlText(value)}</urn:return></urn:${op}Response>`);
}

export function soapFault(f: IisFault): string {
  const sender = f.kind === 'SecurityFault' || f.kind === 'MessageTooLargeFault';
  const extra =
    f.kind === 'MessageTooLargeFault'
      ? `<urn:Size>${f.size ?? 0}</urn:Size><urn:MaxSize>${f.maxSize ?? 0}</urn:MaxSize>`
      : '';
  return envelope(
    `<soap:Fault><soap:Code><soap:Value>soap:${sender ? 'Sender' : 'Receiver'}</soap:Value></soap:Code>` +
      `<soap:Reason><soap:Text xml:lang="en">${xmlText(f.reason)}</soap:Text></soap:Reason>` +
      `<soap:Detail><urn:${f.kind}><urn:Code>${xmlText(f.code)}</urn:Code><urn:Reason>${xmlText(f.reason)}</urn:Reason>` +
      `<urn:Detail>${xmlText(f.detail)}</urn:Detail>${extra}</urn:${f.kind}></soap:Detail></soap:Fault>`,
  );
}
