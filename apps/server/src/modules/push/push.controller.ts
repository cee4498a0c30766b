import { Controller, Delete, Get, Post, Req } from '@nestjs/common';
import {
  PushKeySchema,
  PushSubscriptionCreatedSchema,
  PushSubscriptionListSchema,
  PushSubscriptionRequestSchema,
} from '@beseda/protocol';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Endpoint, ValidBody, ValidParams } from '../../common/http/endpoint.decorator.js';
import { CurrentPrincipal, type Principal } from '../auth/guard/principal.js';
import { PushService } from './push.service.js';

const tags = ['push'];
const SubscriptionIdSchema = z.strictObject({ id: z.uuid() });

@Controller('api/v1')
export class PushController {
  constructor(private readonly push: PushService) {}

  @Get('push/key')
  @Endpoint({
    public: true,
    summary: "The server's VAPID public key, for PushManager.subscribe()",
    tags,
    response: PushKeySchema,
  })
  key() {
    return this.push.publicKey();
  }

  @Get('me/push-subscriptions')
  @Endpoint({
    summary: 'My devices that receive push notifications',
    tags,
    response: PushSubscriptionListSchema,
  })
  list(@CurrentPrincipal() principal: Principal) {
    return this.push.list(principal);
  }

  @Post('me/push-subscriptions')
  @Endpoint({
    summary: 'Receive push notifications on this device',
    description:
      'The body is `PushSubscription.toJSON()`. The endpoint must be an https:// URL of a push service; addresses of this machine are refused unless PUSH_LOOPBACK_ENDPOINTS is set. Registering the same endpoint again updates it and returns the same id.',
    tags,
    body: PushSubscriptionRequestSchema,
    response: PushSubscriptionCreatedSchema,
    status: 201,
    errors: { 400: 'push.invalid_subscription' },
  })
  subscribe(
    @CurrentPrincipal() principal: Principal,
    @ValidBody() body: z.output<typeof PushSubscriptionRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    return this.push.subscribe(principal, body, request.headers['user-agent']);
  }

  @Delete('me/push-subscriptions/:id')
  @Endpoint({
    summary: 'Stop push notifications to one of my devices',
    tags,
    params: SubscriptionIdSchema,
    status: 204,
    errors: { 404: 'push.subscription_not_found' },
  })
  async unsubscribe(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof SubscriptionIdSchema>,
  ) {
    await this.push.unsubscribe(principal, params.id);
  }
}
