import { Controller, Delete, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { IdentityLinkStartSchema, IdentityListSchema, OAuthProviderIdSchema } from '@beseda/protocol';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Endpoint, ValidParams } from '../../../common/http/endpoint.decorator.js';
import { requestContext } from '../../../common/http/request-context.js';
import { type Config } from '../../../config/config.js';
import { CONFIG } from '../../../config/config.module.js';
import { CurrentPrincipal, type Principal } from '../guard/principal.js';
import { IdentitiesService } from './identities.service.js';
import { setStateCookie } from './oauth-attempts.js';
import { OAuthService } from './oauth.service.js';

const tags = ['me'];
const IdentityIdSchema = z.strictObject({ id: z.uuid() });
const ProviderParamsSchema = z.strictObject({ provider: OAuthProviderIdSchema });

/** The signed-in user's accounts at identity providers. */
@Controller('api/v1/me/identities')
export class IdentitiesController {
  constructor(
    private readonly identities: IdentitiesService,
    private readonly oauth: OAuthService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get()
  @Endpoint({ summary: 'Identity providers linked to this account', tags, response: IdentityListSchema })
  async list(@CurrentPrincipal() principal: Principal) {
    return { items: await this.identities.list(principal.userId) };
  }

  @Post(':provider/link')
  @Endpoint({
    summary: 'Start linking an identity provider to this account',
    description:
      "Answers the provider's sign-in page: navigate the browser there. It comes back to `/settings/security?linked=<provider>`, or to `/login?error=<code>` (oauth.identity_in_use when the identity belongs to another account).",
    tags,
    params: ProviderParamsSchema,
    response: IdentityLinkStartSchema,
    errors: { 404: 'oauth.provider_not_enabled', 429: 'rate_limited' },
  })
  async link(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ProviderParamsSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { url, state } = await this.oauth.start(
      params.provider,
      { mode: 'link', userId: principal.userId },
      requestContext(request),
    );
    setStateCookie(reply, this.config, state);
    return { url: url.toString() };
  }

  @Delete(':id')
  @Endpoint({
    summary: 'Unlink an identity provider',
    tags,
    params: IdentityIdSchema,
    status: 204,
    errors: { 404: 'identity.not_found', 409: 'identity.last_sign_in_method' },
  })
  async unlink(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof IdentityIdSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.identities.unlink(principal.userId, params.id, requestContext(request));
  }
}
