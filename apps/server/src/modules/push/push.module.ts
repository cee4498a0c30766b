import { Module } from '@nestjs/common';
import { PushSender } from './push-sender.js';
import { PushController } from './push.controller.js';
import { PushRepository } from './push.repository.js';
import { PushService } from './push.service.js';
import { PushWorker } from './push.worker.js';
import { VapidKeys } from './vapid-keys.js';

@Module({
  controllers: [PushController],
  providers: [PushRepository, VapidKeys, PushSender, PushWorker, PushService],
  exports: [PushService],
})
export class PushModule {}
