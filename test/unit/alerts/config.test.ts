import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server-sync/config';
import { e164, messageIdOf } from '../../../server-sync/alerts';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;

describe('alert delivery configuration', () => {
  it('offers no e-mail and no SMS unless configured', () => {
    expect(loadConfig({}).alertDelivery).toEqual({ smtp: null, sms: null });
  });

  it('reads SMTP and Twilio from the environment', () => {
    const c = loadConfig({
      WHITE_CROSS_SMTP_URL: 'smtp://mail.example.org:587',
      WHITE_CROSS_SMTP_FROM: 'White Cross <alerts@example.org>',
      WHITE_CROSS_SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_FROM: '+15005550006',
    }).alertDelivery;
    expect(c.smtp).toEqual({ url: 'smtp://mail.example.org:587', from: 'White Cross <alerts@example.org>' });
    expect(c.sms).toEqual({
      provider: 'twilio',
      accountSid: SID,
      authToken: 'token',
      from: '+15005550006',
      apiBase: 'https://api.twilio.com',
    });
  });

  it('names the variable that is wrong or missing', () => {
    expect(() => loadConfig({ WHITE_CROSS_SMTP_URL: 'http://x' })).toThrow(
      /WHITE_CROSS_SMTP_URL: must be an smtp/,
    );
    expect(() => loadConfig({ WHITE_CROSS_SMTP_URL: 'smtp://x:25' })).toThrow(
      /WHITE_CROSS_SMTP_FROM: required/,
    );
    expect(() => loadConfig({ WHITE_CROSS_SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: SID })).toThrow(
      /TWILIO_AUTH_TOKEN: required/,
    );
    expect(() => loadConfig({ WHITE_CROSS_SMS_PROVIDER: 'carrier-pigeon' })).toThrow(
      /WHITE_CROSS_SMS_PROVIDER/,
    );
    expect(() => loadConfig({ TWILIO_FROM: '555-1234' })).toThrow(/TWILIO_FROM: must be an E.164/);
  });

  it('phone numbers as E.164 and Message-IDs from the delivery row', () => {
    expect(e164('+1 (201) 555-0123')).toBe('+12015550123');
    expect(e164('201-555-0123')).toBe('+12015550123');
    expect(e164('555-0123')).toBeNull();
    expect(e164(null)).toBeNull();
    expect(messageIdOf('d-1', 'White Cross <alerts@district.org>')).toBe('<alert-delivery-d-1@district.org>');
  });
});
