import { Controller, Get, Post, Req } from '@nestjs/common';
import { NotificationListQuerySchema, NotificationListSchema } from '@beseda/protocol';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Endpoint, ValidBody, ValidQuery } from '../../common/http/endpoint.decorator.js';
import { connectionIdOf } from '../../common/http/request-context.js';
import { CurrentPrincipal, type Principal } from '../auth/guard/principal.js';
import { NotificationsService } from './notifications.service.js';

const tags = ['notifications'];
const MarkReadRequestSchema = z
  .strictObject({
    /** The notifications to mark read; leave out to mark every one read. */
    ids: z.array(z.uuid()).min(1).max(200).optional(),
  })
  .meta({ id: 'MarkNotificationsReadRequest' });

@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Endpoint({
    summary: 'My notifications, newest first, with the unread count',
    tags,
    query: NotificationListQuerySchema,
    response: NotificationListSchema,
  })
  list(
    @CurrentPrincipal() principal: Principal,
    @ValidQuery() query: z.output<typeof NotificationListQuerySchema>,
  ) {
    return this.notifications.list(principal, query);
  }

  @Post('read')
  @Endpoint({
    summary: 'Mark some of my notifications read, or all of them',
    description:
      "Send `X-Connection-Id` to skip the echo on your own socket; other notifications aren't touched.",
    tags,
    body: MarkReadRequestSchema,
    status: 204,
  })
  async markRead(
    @CurrentPrincipal() principal: Principal,
    @ValidBody() body: z.output<typeof MarkReadRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.notifications.markRead(principal, body.ids ?? null, connectionIdOf(request));
  }
}
