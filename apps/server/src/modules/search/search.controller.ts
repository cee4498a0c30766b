import { Controller, Get } from '@nestjs/common';
import {
  SearchChatListSchema,
  SearchChatsQuerySchema,
  SearchFileListSchema,
  SearchFilesQuerySchema,
  SearchHitListSchema,
  SearchMessagesQuerySchema,
} from '@beseda/protocol';
import { type z } from 'zod';
import { Endpoint, ValidQuery } from '../../common/http/endpoint.decorator.js';
import { CurrentPrincipal, type Principal } from '../auth/guard/principal.js';
import { RANK_RECENT_DAYS } from './search.repository.js';
import { SearchService } from './search.service.js';

const tags = ['search'];

@Controller('api/v1/search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get('messages')
  @Endpoint({
    summary: 'Find messages in every chat the caller can read',
    description:
      'Every word must occur, in any of its Russian or English forms or inside a longer word. ' +
      'Only the current text of messages is searched: edited-away and deleted text is never found. ' +
      'Snippets are plain text with highlight ranges. Relevance order ranks the matches of the ' +
      `last ${RANK_RECENT_DAYS} days when they fill the page, else every match; date order sees every match.`,
    tags,
    query: SearchMessagesQuerySchema,
    response: SearchHitListSchema,
    errors: { 404: 'chat.not_found: the `chat` filter names a chat the caller cannot read' },
  })
  messages(
    @CurrentPrincipal() principal: Principal,
    @ValidQuery() query: z.output<typeof SearchMessagesQuerySchema>,
  ) {
    return this.search.messages(principal, query);
  }

  @Get('files')
  @Endpoint({
    summary: 'Find files by name among the attachments of messages the caller can read',
    description:
      'Every word must occur in the file name, whole or as part of a longer word. Files of deleted ' +
      'messages are never found. Links are signed like everywhere else files are shown.',
    tags,
    query: SearchFilesQuerySchema,
    response: SearchFileListSchema,
    errors: { 404: 'chat.not_found: the `chat` filter names a chat the caller cannot read' },
  })
  files(
    @CurrentPrincipal() principal: Principal,
    @ValidQuery() query: z.output<typeof SearchFilesQuerySchema>,
  ) {
    return this.search.files(principal, query);
  }

  @Get('chats')
  @Endpoint({
    summary: 'Find chats by name: my own chats (direct chats by the other person), then public channels',
    tags,
    query: SearchChatsQuerySchema,
    response: SearchChatListSchema,
  })
  async chats(
    @CurrentPrincipal() principal: Principal,
    @ValidQuery() query: z.output<typeof SearchChatsQuerySchema>,
  ) {
    return { items: await this.search.chatsByName(principal, query.q, query.limit) };
  }
}
