import { Module } from '@nestjs/common';
import { ChatsRepository } from '../chats/chats.repository.js';
import { SearchController } from './search.controller.js';
import { SearchRepository } from './search.repository.js';
import { SearchService } from './search.service.js';

@Module({
  controllers: [SearchController],
  // ChatsRepository is stateless SQL over the chats tables; the chats module does not export it.
  providers: [SearchRepository, SearchService, ChatsRepository],
})
export class SearchModule {}
