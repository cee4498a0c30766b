/** One e-mail, already rendered: a plain-text part and an HTML part of the same content. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra header fields, such as List-Unsubscribe; never To, From or Subject. */
  headers?: Record<string, string>;
}

export type MailTransportKind = 'file' | 'smtp';

/**
 * Where e-mail goes: `.eml` files under DATA_DIR by default, an SMTP server when SMTP_URL is set.
 * `send` rejects when the message was not handed over, so the outbox can retry it later.
 */
export abstract class MailTransport {
  abstract readonly kind: MailTransportKind;
  abstract send(message: MailMessage): Promise<void>;
  abstract close(): Promise<void>;
}
