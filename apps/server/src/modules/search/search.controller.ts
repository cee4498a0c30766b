import { Controller, Get } from '@nestjs/common';
import {
  SearchChatListSchema,
  SearchChatsQuerySchema,
  SearchHitListSchema,
  SearchMessagesQuerySchema,
} from '@beseda/protocol';
import { type z } from 'zod';
import { Endpoint, ValidQuery } from '../../common/http/endpoint.decorator.js';
import { CurrentPrincipal, type Principal } from '../auth/guard/principal.js';
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
      'Snippets are plain text with highlight ranges.',
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
