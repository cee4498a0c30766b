import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module.js';
import { PushModule } from '../push/push.module.js';
import { EmailDigestController } from './email-digest.controller.js';
import { EmailDigestRepository } from './email-digest.repository.js';
import { EmailDigestService } from './email-digest.service.js';
import { EmailDigestWorker } from './email-digest.worker.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { UnsubscribeTokens } from './unsubscribe-tokens.js';

@Module({
  imports: [PushModule, MailModule],
  controllers: [NotificationsController, EmailDigestController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    EmailDigestRepository,
    UnsubscribeTokens,
    EmailDigestService,
    EmailDigestWorker,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
