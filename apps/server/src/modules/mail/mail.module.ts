import { Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Logger } from 'pino';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { LOGGER } from '../../infra/infra.module.js';
import { FileMailTransport } from '../../infra/mail/file-mail-transport.js';
import { MailTransport } from '../../infra/mail/mail-transport.js';
import { SmtpMailTransport } from '../../infra/mail/smtp-mail-transport.js';
import { MailDeliveryHandler } from './mail-delivery.handler.js';
import { MailOutbox } from './mail-outbox.js';
import { OutboxHandlers } from './outbox-handlers.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox.worker.js';

/** SMTP when SMTP_URL is set; otherwise .eml files under DATA_DIR/outbox. */
function createMailTransport(config: Config, logger: Logger): MailTransport {
  return config.smtpUrl
    ? new SmtpMailTransport({ url: config.smtpUrl, from: config.mailFrom })
    : new FileMailTransport({ dir: config.mailOutboxDir, from: config.mailFrom, logger });
}

/**
 * Closes the transport once the worker has stopped: Nest runs every onModuleDestroy (where the
 * worker finishes its batch) before any onApplicationShutdown.
 */
@Injectable()
class MailTransportLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly transport: MailTransport,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // Never the SMTP URL itself: it may carry the password.
    const where = this.transport.kind === 'file' ? { dir: this.config.mailOutboxDir } : {};
    this.logger.info({ mail: this.transport.kind, ...where }, 'mail transport ready');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}

@Module({
  providers: [
    { provide: MailTransport, inject: [CONFIG, LOGGER], useFactory: createMailTransport },
    MailTransportLifecycle,
    OutboxRepository,
    OutboxHandlers,
    OutboxWorker,
    MailDeliveryHandler,
    MailOutbox,
  ],
  exports: [MailOutbox],
})
export class MailModule {}
