import { Module } from '@nestjs/common';
import { ChatsController } from './chats.controller.js';
import { ChatsRepository } from './chats.repository.js';
import { ChatsService } from './chats.service.js';
import { MessagesController } from './messages.controller.js';
import { MessagesRepository } from './messages.repository.js';
import { MessagesService } from './messages.service.js';

@Module({
  controllers: [ChatsController, MessagesController],
  providers: [ChatsRepository, ChatsService, MessagesRepository, MessagesService],
})
export class ChatsModule {}
