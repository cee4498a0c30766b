import nodemailer, { type Transporter } from 'nodemailer';
import { type MailMessage, MailTransport } from './mail-transport.js';

export interface SmtpMailTransportOptions {
  /** `smtp://` or `smtps://`, with the credentials in it if the server needs them. */
  url: string;
  from: string;
}

/**
 * Sends through an SMTP server. Timeouts are far below nodemailer's defaults (up to 10 minutes)
 * because the outbox leases a row for 60 s: a send must fail well before another worker may
 * take the row over, or the message could go out twice.
 */
export class SmtpMailTransport extends MailTransport {
  readonly kind = 'smtp' as const;
  private readonly transporter: Transporter;

  constructor(private readonly options: SmtpMailTransportOptions) {
    super();
    this.transporter = nodemailer.createTransport({
      url: options.url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      dnsTimeout: 10_000,
    });
  }

  async send({ to, subject, text, html, headers }: MailMessage): Promise<void> {
    await this.transporter.sendMail({ from: this.options.from, to, subject, text, html, headers });
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
