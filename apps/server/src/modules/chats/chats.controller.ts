import { Controller, Delete, Get, Patch, Post, Put, Req } from '@nestjs/common';
import {
  AddMembersRequestSchema,
  ChatListSchema,
  ChatMemberListSchema,
  ChatSchema,
  CreateChatRequestSchema,
  MarkReadRequestSchema,
  UpdateChatRequestSchema,
  UpdateMemberRequestSchema,
  UpdateMembershipRequestSchema,
} from '@beseda/protocol';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Endpoint, ValidBody, ValidParams, ValidQuery } from '../../common/http/endpoint.decorator.js';
import { connectionIdOf } from '../../common/http/request-context.js';
import { CurrentPrincipal, type Principal } from '../auth/guard/principal.js';
import { ChatsService } from './chats.service.js';

const tags = ['chats'];
const ChatIdSchema = z.strictObject({ id: z.uuid() });
const MemberParamsSchema = z.strictObject({ id: z.uuid(), userId: z.uuid() });
const BrowseQuerySchema = z.strictObject({
  q: z.string().trim().max(80).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
const notFound = { 404: 'chat.not_found (also for chats the caller may not see)' };

@Controller('api/v1')
export class ChatsController {
  constructor(private readonly chats: ChatsService) {}

  @Post('chats')
  @Endpoint({
    summary: 'Create a channel, private channel or group, or open the direct chat with someone',
    description: 'A direct chat is unique per pair: creating it again returns the existing one.',
    tags,
    permissions: ['chats.create'],
    body: CreateChatRequestSchema,
    response: ChatSchema,
    status: 201,
    errors: { 400: 'chat.invalid_members' },
  })
  create(
    @CurrentPrincipal() principal: Principal,
    @ValidBody() body: z.output<typeof CreateChatRequestSchema>,
  ) {
    return this.chats.create(principal, body);
  }

  @Get('chats')
  @Endpoint({ summary: 'My chats, with unread counts', tags, response: ChatListSchema })
  async list(@CurrentPrincipal() principal: Principal) {
    return { items: await this.chats.list(principal) };
  }

  @Get('channels')
  @Endpoint({
    summary: 'Browse public channels by name, with member counts',
    tags,
    query: BrowseQuerySchema,
    response: ChatListSchema,
  })
  async browse(
    @CurrentPrincipal() principal: Principal,
    @ValidQuery() query: z.output<typeof BrowseQuerySchema>,
  ) {
    return { items: await this.chats.browse(principal, query.q, query.limit) };
  }

  @Get('chats/:id')
  @Endpoint({ summary: 'One chat', tags, params: ChatIdSchema, response: ChatSchema, errors: notFound })
  get(@CurrentPrincipal() principal: Principal, @ValidParams() params: z.output<typeof ChatIdSchema>) {
    return this.chats.get(principal, params.id);
  }

  @Patch('chats/:id')
  @Endpoint({
    summary: 'Rename, change topic or description, archive or unarchive (chat owner or admin)',
    tags,
    params: ChatIdSchema,
    body: UpdateChatRequestSchema,
    response: ChatSchema,
    errors: { ...notFound, 403: 'auth.forbidden', 409: 'chat.archived' },
  })
  update(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ChatIdSchema>,
    @ValidBody() body: z.output<typeof UpdateChatRequestSchema>,
  ) {
    return this.chats.update(principal, params.id, body);
  }

  @Delete('chats/:id')
  @Endpoint({
    summary: 'Delete a chat with its history (chat owner, or an administrator)',
    tags,
    params: ChatIdSchema,
    status: 204,
    errors: { ...notFound, 403: 'auth.forbidden' },
  })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ChatIdSchema>,
  ) {
    await this.chats.delete(principal, params.id);
  }

  @Get('chats/:id/members')
  @Endpoint({
    summary: 'Members of a chat',
    tags,
    params: ChatIdSchema,
    response: ChatMemberListSchema,
    errors: notFound,
  })
  async members(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ChatIdSchema>,
  ) {
    return { items: await this.chats.members(principal, params.id) };
  }

  @Post('chats/:id/members')
  @Endpoint({
    summary: 'Add people to a channel, private channel or group',
    tags,
    params: ChatIdSchema,
    body: AddMembersRequestSchema,
    response: ChatSchema,
    errors: { ...notFound, 400: 'chat.invalid_members', 403: 'auth.forbidden', 409: 'chat.archived' },
  })
  addMembers(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ChatIdSchema>,
    @ValidBody() body: z.output<typeof AddMembersRequestSchema>,
  ) {
    return this.chats.addMembers(principal, params.id, body.userIds);
  }

  @Patch('chats/:id/members/:userId')
  @Endpoint({
    summary: "Change a member's role (chat owner or admin; only the owner hands ownership over)",
    tags,
    params: MemberParamsSchema,
    body: UpdateMemberRequestSchema,
    status: 204,
    errors: { ...notFound, 403: 'auth.forbidden', 409: 'chat.archived' },
  })
  async changeRole(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof MemberParamsSchema>,
    @ValidBody() body: z.output<typeof UpdateMemberRequestSchema>,
  ) {
    await this.chats.changeRole(principal, params.id, params.userId, body.role);
  }

  @Delete('chats/:id/members/:userId')
  @Endpoint({
    summary: 'Remove someone from a chat (chat owner or admin), or leave it (your own id)',
    tags,
    params: MemberParamsSchema,
    status: 204,
    errors: { ...notFound, 403: 'auth.forbidden' },
  })
  async removeMember(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof MemberParamsSchema>,
  ) {
    await this.chats.removeMember(principal, params.id, params.userId);
  }

  @Post('chats/:id/join')
  @Endpoint({
    summary: 'Join a public channel',
    tags,
    params: ChatIdSchema,
    response: ChatSchema,
    errors: { ...notFound, 403: 'auth.forbidden' },
  })
  join(@CurrentPrincipal() principal: Principal, @ValidParams() params: z.output<typeof ChatIdSchema>) {
    return this.chats.join(principal, params.id);
  }

  @Put('chats/:id/membership')
  @Endpoint({
    summary: 'My settings for a chat: notification level, mute, favourite',
    tags,
    params: ChatIdSchema,
    body: UpdateMembershipRequestSchema,
    response: ChatSchema,
    errors: { ...notFound, 403: 'auth.forbidden' },
  })
  updateMembership(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ChatIdSchema>,
    @ValidBody() body: z.output<typeof UpdateMembershipRequestSchema>,
  ) {
    return this.chats.updateMembership(principal, params.id, body);
  }

  @Post('chats/:id/read')
  @Endpoint({
    summary: 'Mark the chat read up to a seq',
    tags,
    params: ChatIdSchema,
    body: MarkReadRequestSchema,
    response: z.object({ lastReadSeq: z.number().int() }),
    errors: notFound,
  })
  async markRead(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ChatIdSchema>,
    @ValidBody() body: z.output<typeof MarkReadRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    return {
      lastReadSeq: await this.chats.markRead(principal, params.id, body.seq, connectionIdOf(request)),
    };
  }
}
