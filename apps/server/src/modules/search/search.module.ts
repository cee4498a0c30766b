import { Module } from '@nestjs/common';
import { ChatsRepository } from '../chats/chats.repository.js';
import { FileUrls } from '../files/file-urls.js';
import { FilesRepository } from '../files/files.repository.js';
import { SearchController } from './search.controller.js';
import { SearchRepository } from './search.repository.js';
import { SearchService } from './search.service.js';

@Module({
  controllers: [SearchController],
  // ChatsRepository is stateless SQL over the chats tables; the chats module does not export it.
  // FileUrls signs file links with the key every node loads from the database, so this instance
  // signs exactly as the files module's does.
  providers: [SearchRepository, SearchService, ChatsRepository, FilesRepository, FileUrls],
})
export class SearchModule {}
