import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import {
  AuthProviderListSchema,
  ErrorCode,
  OAuthProviderIdSchema,
  OAuthStartQuerySchema,
} from '@beseda/protocol';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../common/errors/app-error.js';
import { Endpoint } from '../../../common/http/endpoint.decorator.js';
import { requestContext } from '../../../common/http/request-context.js';
import { type Config } from '../../../config/config.js';
import { CONFIG } from '../../../config/config.module.js';
import { setRefreshCookie } from '../refresh-cookie.js';
import { clearStateCookie, setStateCookie, stateMatchesCookie } from './oauth-attempts.js';
import { OAuthService } from './oauth.service.js';

const tags = ['auth'];
const ProviderParamsSchema = z.strictObject({ provider: OAuthProviderIdSchema });
/** Providers add their own parameters (`scope`, `iss`, `session_state`...), so unknown ones are allowed. */
const CallbackQuerySchema = z.looseObject({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(256).optional(),
  iss: z.string().max(512).optional(),
});
const navigationNote =
  'A browser navigation, not an API call: the answer is always a 302. Failures go to `/login?error=<code>` with an oauth.* or auth.* code.';

/**
 * The two legs of a sign-in through an identity provider. Path and query are parsed leniently
 * on purpose: a browser must never be shown a JSON error page, so every failure is a redirect.
 */
@Controller('api/v1/auth')
export class OAuthController {
  constructor(
    private readonly oauth: OAuthService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('providers')
  @Endpoint({
    public: true,
    summary: 'Identity providers this installation offers sign-in with',
    tags,
    response: AuthProviderListSchema,
  })
  providers() {
    return { items: this.oauth.listProviders() };
  }

  @Get('oauth/:provider/start')
  @Endpoint({
    public: true,
    summary: "Go to the provider's sign-in page",
    description: `Sets a short-lived cookie that binds the attempt to this browser. ${navigationNote}`,
    tags,
    params: ProviderParamsSchema,
    query: OAuthStartQuerySchema,
    status: 302,
  })
  async start(
    @Param('provider') provider: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    try {
      const next = OAuthStartQuerySchema.safeParse(query).data?.next;
      const { url, state } = await this.oauth.start(
        provider,
        { mode: 'sign_in', next },
        requestContext(request),
      );
      setStateCookie(reply, this.config, state);
      return this.redirect(reply, url.toString());
    } catch (error) {
      return this.fail(error, request, reply);
    }
  }

  @Get('oauth/:provider/callback')
  @Endpoint({
    public: true,
    summary: 'Where the provider sends the browser back',
    description: `On success the refresh token is set as the HttpOnly cookie and the browser goes to \`next\`; with two-factor authentication on, to \`/login?mfa=<mfaToken>\` (finish with /auth/login/totp); after linking, to \`/settings/security?linked=<provider>\`. ${navigationNote}`,
    tags,
    params: ProviderParamsSchema,
    query: CallbackQuerySchema,
    status: 302,
  })
  async callback(
    @Param('provider') provider: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    clearStateCookie(reply, this.config);
    try {
      const parsed = CallbackQuerySchema.safeParse(query).data ?? {};
      const outcome = await this.oauth.callback(
        provider,
        parsed,
        stateMatchesCookie(request, parsed.state),
        requestContext(request),
      );
      if (outcome.tokens) setRefreshCookie(reply, this.config, outcome.tokens.refreshToken);
      return this.redirect(reply, outcome.location);
    } catch (error) {
      return this.fail(error, request, reply);
    }
  }

  private fail(error: unknown, request: FastifyRequest, reply: FastifyReply) {
    if (!(error instanceof AppError)) {
      request.log.error({ err: error }, 'sign-in through an identity provider failed');
    } else if (error.status >= 500) {
      // The user sees only the code; the operator needs the reason (unreachable issuer, bad secret).
      request.log.warn({ code: error.code, reason: error.message }, 'identity provider failed');
    } else {
      request.log.info({ code: error.code, reason: error.message }, 'sign-in through a provider refused');
    }
    const code = error instanceof AppError ? error.code : ErrorCode.internal;
    return this.redirect(reply, this.oauth.url('/login', { error: code }));
  }

  private redirect(reply: FastifyReply, location: string) {
    // The answer sets cookies and carries one-time values: no cache may keep it.
    return reply.header('cache-control', 'no-store').redirect(location, 302);
  }
}
