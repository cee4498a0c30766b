import { Controller, Post, Req } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Endpoint } from '../../../common/http/endpoint.decorator.js';
import { requestContext } from '../../../common/http/request-context.js';
import { ActivityRepository } from '../../activity/activity.repository.js';
import { CurrentPrincipal, type Principal } from '../guard/principal.js';
import { AccessTokens } from './access-tokens.js';

@Controller('api/v1/admin/signing-keys')
export class SigningKeysController {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly activity: ActivityRepository,
  ) {}

  @Post('rotate')
  @Endpoint({
    summary: 'Start signing access tokens with a new key',
    description:
      'Tokens signed with the previous keys stay valid until they expire (at most 10 minutes); the other nodes start signing with the new key within a minute.',
    tags: ['admin'],
    permissions: ['settings.manage'],
    response: z.object({ kid: z.string() }),
  })
  async rotate(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest) {
    const kid = await this.tokens.rotate();
    const context = requestContext(request);
    await this.activity.record({
      userId: principal.userId,
      type: 'signing_key.rotated',
      success: true,
      ip: context.ip,
      userAgent: context.userAgent,
      details: { kid },
    });
    return { kid };
  }
}
