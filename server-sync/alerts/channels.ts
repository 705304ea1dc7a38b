import type { AlertDeliveryConfig } from '../config';
import { smtpEmailSender, type EmailSender } from './adapters/email';
import { twilioSmsProvider, type SmsProvider } from './adapters/sms-twilio';

/** The outside services deliveries go through; null: not configured (deliveries on it wait, with the reason). */
export interface DeliveryChannels {
  readonly email: EmailSender | null;
  readonly sms: SmsProvider | null;
}

export function channelsFromConfig(c: AlertDeliveryConfig): DeliveryChannels {
  return {
    email: c.smtp ? smtpEmailSender(c.smtp) : null,
    sms: c.sms ? twilioSmsProvider(c.sms) : null,
  };
}
