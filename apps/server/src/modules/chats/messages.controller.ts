import { Controller, Delete, Get, Patch, Post, Put, Req } from '@nestjs/common';
import {
  ThreadQuerySchema,
  ThreadSchema,
  MentionListSchema,
  MessageVersionListSchema,
  EditMessageRequestSchema,
  EmojiSchema,
  ForwardMessageRequestSchema,
  MessageHistoryQuerySchema,
  MessageListSchema,
  MessageSchema,
  SendMessageRequestSchema,
} from '@beseda/protocol';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Endpoint, ValidBody, ValidParams, ValidQuery } from '../../common/http/endpoint.decorator.js';
import { connectionIdOf } from '../../common/http/request-context.js';
import { CurrentPrincipal, type Principal } from '../auth/guard/principal.js';
import { MessagesService } from './messages.service.js';

const tags = ['messages'];
const ChatIdSchema = z.strictObject({ id: z.uuid() });
const MessageIdSchema = z.strictObject({ id: z.uuid() });
const MentionsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
const ReactionParamsSchema = z.strictObject({ id: z.uuid(), emoji: EmojiSchema });

@Controller('api/v1')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post('chats/:id/messages')
  @Endpoint({
    summary: 'Send a message',
    description:
      'Idempotent by `clientId`: sending the same one again returns the stored message. Send `X-Connection-Id` to skip the echo on your own socket.',
    tags,
    params: ChatIdSchema,
    body: SendMessageRequestSchema,
    response: MessageSchema,
    status: 201,
    errors: { 403: 'auth.forbidden (not a member)', 404: 'chat.not_found', 409: 'chat.archived' },
  })
  send(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ChatIdSchema>,
    @ValidBody() body: z.output<typeof SendMessageRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    return this.messages.send(principal, params.id, body, connectionIdOf(request));
  }

  @Post('messages/:id/forward')
  @Endpoint({
    summary: 'Forward a message to another chat',
    description:
      'Posts a copy that names the original author and time. Needs read access to the message and write access to the target chat; idempotent by `clientId`.',
    tags,
    params: MessageIdSchema,
    body: ForwardMessageRequestSchema,
    response: MessageSchema,
    status: 201,
    errors: {
      403: 'auth.forbidden (cannot write in the target chat)',
      404: 'message.not_found or chat.not_found',
      409: 'chat.archived',
    },
  })
  forward(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof MessageIdSchema>,
    @ValidBody() body: z.output<typeof ForwardMessageRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    return this.messages.forward(principal, params.id, body, connectionIdOf(request));
  }

  @Get('chats/:id/messages')
  @Endpoint({
    summary: 'Message history, oldest first, by seq cursor',
    description: '`before=seq` pages back, `after=seq` closes a gap, `around=messageId` jumps to a message.',
    tags,
    params: ChatIdSchema,
    query: MessageHistoryQuerySchema,
    response: MessageListSchema,
    errors: { 404: 'chat.not_found or message.not_found' },
  })
  async history(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ChatIdSchema>,
    @ValidQuery() query: z.output<typeof MessageHistoryQuerySchema>,
  ) {
    return { items: await this.messages.history(principal, params.id, query) };
  }

  @Patch('messages/:id')
  @Endpoint({
    summary: 'Edit my message (the previous text is kept as a version)',
    tags,
    params: MessageIdSchema,
    body: EditMessageRequestSchema,
    response: MessageSchema,
    errors: { 403: 'auth.forbidden', 404: 'message.not_found', 409: 'chat.archived' },
  })
  edit(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof MessageIdSchema>,
    @ValidBody() body: z.output<typeof EditMessageRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    return this.messages.edit(principal, params.id, body.text, connectionIdOf(request));
  }

  @Delete('messages/:id')
  @Endpoint({
    summary: 'Delete a message (author, chat owner or admin, or a moderator); a tombstone stays',
    tags,
    params: MessageIdSchema,
    status: 204,
    errors: { 403: 'auth.forbidden', 404: 'message.not_found' },
  })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof MessageIdSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.messages.delete(principal, params.id, connectionIdOf(request));
  }

  @Put('messages/:id/reactions/:emoji')
  @Endpoint({
    summary: 'React to a message with an emoji (again with the same emoji: no change)',
    tags,
    params: ReactionParamsSchema,
    status: 204,
    errors: { 403: 'auth.forbidden', 404: 'message.not_found', 409: 'chat.archived' },
  })
  async react(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ReactionParamsSchema>,
  ) {
    await this.messages.react(principal, params.id, params.emoji, true);
  }

  @Delete('messages/:id/reactions/:emoji')
  @Endpoint({
    summary: 'Take my reaction back',
    tags,
    params: ReactionParamsSchema,
    status: 204,
    errors: { 403: 'auth.forbidden', 404: 'message.not_found' },
  })
  async unreact(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ReactionParamsSchema>,
  ) {
    await this.messages.react(principal, params.id, params.emoji, false);
  }

  @Get('messages/:id/versions')
  @Endpoint({
    summary: 'Earlier texts of an edited message, oldest first',
    tags,
    params: MessageIdSchema,
    response: MessageVersionListSchema,
    errors: { 404: 'message.not_found' },
  })
  async versions(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof MessageIdSchema>,
  ) {
    return { items: await this.messages.versions(principal, params.id) };
  }

  @Get('me/mentions')
  @Endpoint({
    summary: 'Messages that mention me (by name or @channel), newest first',
    tags,
    query: MentionsQuerySchema,
    response: MentionListSchema,
  })
  mentions(
    @CurrentPrincipal() principal: Principal,
    @ValidQuery() query: z.output<typeof MentionsQuerySchema>,
  ) {
    return this.messages.mentionsOf(principal, query.limit, query.cursor);
  }

  @Get('messages/:id/thread')
  @Endpoint({
    summary: 'The thread a message starts or belongs to: root, replies oldest first, and whether I follow it',
    tags,
    params: MessageIdSchema,
    query: ThreadQuerySchema,
    response: ThreadSchema,
    errors: { 404: 'message.not_found' },
  })
  thread(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof MessageIdSchema>,
    @ValidQuery() query: z.output<typeof ThreadQuerySchema>,
  ) {
    return this.messages.thread(principal, params.id, query.after, query.limit);
  }

  @Put('messages/:id/follow')
  @Endpoint({
    summary: 'Follow the thread of a message (authors and repliers follow automatically)',
    tags,
    params: MessageIdSchema,
    status: 204,
    errors: { 404: 'message.not_found' },
  })
  async follow(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof MessageIdSchema>,
  ) {
    await this.messages.setFollowing(principal, params.id, true);
  }

  @Delete('messages/:id/follow')
  @Endpoint({
    summary: 'Stop following a thread',
    tags,
    params: MessageIdSchema,
    status: 204,
    errors: { 404: 'message.not_found' },
  })
  async unfollow(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof MessageIdSchema>,
  ) {
    await this.messages.setFollowing(principal, params.id, false);
  }

  @Put('messages/:id/pin')
  @Endpoint({
    summary: 'Pin a message to its chat',
    tags,
    params: MessageIdSchema,
    status: 204,
    errors: {
      400: 'validation.failed (too many pins)',
      403: 'auth.forbidden',
      404: 'message.not_found',
      409: 'chat.archived',
    },
  })
  async pin(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof MessageIdSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.messages.setPinned(principal, params.id, true, connectionIdOf(request));
  }

  @Delete('messages/:id/pin')
  @Endpoint({
    summary: 'Unpin a message',
    tags,
    params: MessageIdSchema,
    status: 204,
    errors: { 403: 'auth.forbidden', 404: 'message.not_found', 409: 'chat.archived' },
  })
  async unpin(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof MessageIdSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.messages.setPinned(principal, params.id, false, connectionIdOf(request));
  }

  @Get('chats/:id/pins')
  @Endpoint({
    summary: 'Pinned messages of a chat, most recently pinned first',
    tags,
    params: ChatIdSchema,
    response: MessageListSchema,
    errors: { 404: 'chat.not_found' },
  })
  async pins(@CurrentPrincipal() principal: Principal, @ValidParams() params: z.output<typeof ChatIdSchema>) {
    return { items: await this.messages.pinned(principal, params.id) };
  }
}
