import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { type Db } from '../../infra/db/database.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox.worker.js';
import { mailLanguages, MailTemplateSchema } from './templates.js';

export const MAIL_OUTBOX_KIND = 'mail';

/** An e-mail waiting in the outbox: who gets it, in which language, and which template with what data. */
export const OutgoingMailSchema = z.intersection(
  z.object({
    to: z
      .string()
      .trim()
      .max(320)
      .regex(/^[^\s@<>]+@[^\s@<>]+$/, 'expected an e-mail address'),
    language: z.enum(mailLanguages),
  }),
  MailTemplateSchema,
);

export type OutgoingMail = z.infer<typeof OutgoingMailSchema>;

/**
 * Queues e-mail as part of the caller's transaction: the message exists if and only if the change
 * that calls for it commits, and a crash after the commit only delays it.
 */
@Injectable()
export class MailOutbox {
  constructor(
    private readonly repository: OutboxRepository,
    private readonly worker: OutboxWorker,
  ) {}

  /**
   * Checked here rather than when sending: a template that cannot be rendered fails the caller's
   * transaction now instead of failing eight deliveries later.
   */
  async enqueue(tx: Db, mail: OutgoingMail): Promise<void> {
    await this.repository.insert(tx, MAIL_OUTBOX_KIND, OutgoingMailSchema.parse(mail));
  }

  /** Call after the transaction that enqueued mail committed, so it leaves now, not at the next poll. */
  wake(): void {
    this.worker.wake();
  }
}
