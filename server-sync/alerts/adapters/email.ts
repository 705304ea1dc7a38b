import nodemailer, { type Transporter } from 'nodemailer';

/** What an e-mail delivery needs: one message to one recipient. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The alert_delivery_log row: the Message-ID is derived from it, so a resend after a crash is the same message. */
  readonly deliveryId: string;
}

export interface EmailSender {
  send(m: EmailMessage): Promise<{ messageId: string; response: string }>;
  close(): void;
}

export interface SmtpConfig {
  /** smtp://host:port or smtps://user:pass@host:port */
  readonly url: string;
  readonly from: string;
}

/** The Message-ID of a delivery row: stable across resends. */
export function messageIdOf(deliveryId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'white-cross.invalid';
  return `<alert-delivery-${deliveryId}@${domain}>`;
}

/** nodemailer's SMTP transport; short timeouts so a server that is down fails the attempt (retried later) quickly. */
export function smtpEmailSender(config: SmtpConfig): EmailSender {
  const transport: Transporter = nodemailer.createTransport({
    url: config.url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(m) {
      const info = (await transport.sendMail({
        from: config.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: messageIdOf(m.deliveryId, config.from),
        headers: { 'X-White-Cross-Delivery': m.deliveryId },
      })) as { messageId: string; response: string };
      return { messageId: info.messageId, response: info.response };
    },
    close() {
      transport.close();
    },
  };
}
