import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ChatsController } from './chats.controller.js';
import { ChatsRepository } from './chats.repository.js';
import { ChatsService } from './chats.service.js';
import { MessagesController } from './messages.controller.js';
import { MessagesRepository } from './messages.repository.js';
import { MessagesService } from './messages.service.js';

@Module({
  imports: [FilesModule, NotificationsModule],
  controllers: [ChatsController, MessagesController],
  providers: [ChatsRepository, ChatsService, MessagesRepository, MessagesService],
  exports: [ChatsService, MessagesService],
})
export class ChatsModule {}
