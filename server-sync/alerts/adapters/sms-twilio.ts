import { z } from 'zod';
import { escapeHtml } from '../../../src-shared/alerts';

/** SMS and voice calls through a provider. */
export interface SmsProvider {
  sendSms(to: string, body: string): Promise<ProviderReceipt>;
  call(to: string, spokenText: string): Promise<ProviderReceipt>;
}

export interface ProviderReceipt {
  readonly sid: string;
  readonly status: string;
}

/** A provider's refusal: the HTTP status and the provider's own code and message. */
export class SmsProviderError extends Error {
  override readonly name = 'SmsProviderError';
  constructor(
    readonly httpStatus: number,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
  }
}

export interface TwilioConfig {
  readonly accountSid: string;
  readonly authToken: string;
  /** The sending number, E.164. */
  readonly from: string;
  /** https://api.twilio.com; tests point it at a loopback server. */
  readonly apiBase: string;
}

const receipt = z.object({ sid: z.string().min(1), status: z.string() });
const twilioError = z.object({
  code: z.number().nullable().optional(),
  message: z.string(),
  status: z.number().optional(),
});

/** An SMS body Twilio accepts: at most 1600 characters. */
export const SMS_MAX = 1600;

/**
 * Twilio's REST API (2010-04-01): POST Accounts/{sid}/Messages.json (To, From, Body) and Calls.json (To, From,
 * Twiml), form-encoded, HTTP Basic auth AccountSid:AuthToken; answers JSON with sid and status, or an error JSON
 * {code, message, status}.
 */
export function twilioSmsProvider(config: TwilioConfig): SmsProvider {
  const base = config.apiBase.replace(/\/+$/, '');
  const auth = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
  async function post(
    resource: 'Messages' | 'Calls',
    form: Record<string, string>,
  ): Promise<ProviderReceipt> {
    const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/${resource}.json`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: auth,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(20_000),
      });
    } catch (err) {
      throw new SmsProviderError(
        0,
        null,
        `Twilio unreachable: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON: reported below */
    }
    if (!res.ok) {
      const e = twilioError.safeParse(json);
      throw new SmsProviderError(
        res.status,
        e.success ? (e.data.code ?? null) : null,
        e.success ? `Twilio ${res.status}: ${e.data.message}` : `Twilio ${res.status}: ${text.slice(0, 200)}`,
      );
    }
    const r = receipt.safeParse(json);
    if (!r.success)
      throw new SmsProviderError(res.status, null, `Twilio answered without a sid: ${text.slice(0, 200)}`);
    return r.data;
  }
  return {
    sendSms: (to, body) => post('Messages', { To: to, From: config.from, Body: body.slice(0, SMS_MAX) }),
    call: (to, spokenText) =>
      post('Calls', {
        To: to,
        From: config.from,
        Twiml: `<Response><Say>${escapeHtml(spokenText)}</Say></Response>`,
      }),
  };
}

/** A phone number as E.164 (+ and 8 to 15 digits; a 10-digit North American number gets +1), or null. */
export function e164(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[\s().-]/g, '');
  if (/^\+[1-9]\d{7,14}$/.test(digits)) return digits;
  if (/^\d{10}$/.test(digits)) return `+1${digits}`;
  if (/^1\d{10}$/.test(digits)) return `+${digits}`;
  return null;
}
