import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MailTransport } from '../../infra/mail/mail-transport.js';
import { MAIL_OUTBOX_KIND, OutgoingMailSchema } from './mail-outbox.js';
import { type OutboxHandler, OutboxHandlers } from './outbox-handlers.js';
import { renderTemplate } from './templates.js';

/** Renders an outbox `mail` row and hands it to the transport; a transport error means a retry. */
@Injectable()
export class MailDeliveryHandler implements OutboxHandler, OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly transport: MailTransport,
  ) {}

  onModuleInit(): void {
    this.handlers.register(MAIL_OUTBOX_KIND, this);
  }

  async handle(payload: Record<string, unknown>): Promise<void> {
    const mail = OutgoingMailSchema.parse(payload);
    await this.transport.send({ to: mail.to, ...renderTemplate(mail, mail.language) });
  }
}
