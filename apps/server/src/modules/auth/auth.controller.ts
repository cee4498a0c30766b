import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ErrorCode,
  ForgotPasswordRequestSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  RefreshRequestSchema,
  RegisterRequestSchema,
  RegisterResponseSchema,
  ResendConfirmationRequestSchema,
  ResetPasswordRequestSchema,
  TokenPairSchema,
  TokenRequestSchema,
  TotpLoginRequestSchema,
} from '@beseda/protocol';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { Endpoint, ValidBody } from '../../common/http/endpoint.decorator.js';
import { requestContext } from '../../common/http/request-context.js';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { AuthService } from './auth.service.js';
import { PasswordService } from './password.service.js';
import { clearRefreshCookie, refreshTokenOf, setRefreshCookie, wantsCookie } from './refresh-cookie.js';
import { type IssuedTokens, SessionsService } from './sessions/sessions.service.js';

const tags = ['auth'];
const cookieNote =
  'Send `X-Token-Delivery: cookie` to receive the refresh token in an HttpOnly cookie (the web client does); otherwise it is in the body.';

@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post('register')
  @Endpoint({
    public: true,
    summary: 'Create an account; a confirmation link is e-mailed',
    description:
      'The answer is the same whether or not the address already has an account; its owner is told by e-mail. The first account becomes the owner of the installation.',
    tags,
    body: RegisterRequestSchema,
    response: RegisterResponseSchema,
    status: 202,
    errors: { 400: 'auth.weak_password', 409: 'auth.username_taken', 429: 'rate_limited' },
  })
  async register(@ValidBody() body: z.output<typeof RegisterRequestSchema>, @Req() request: FastifyRequest) {
    await this.auth.register(body, requestContext(request));
    return { confirmationRequired: true as const };
  }

  @Post('confirm-email')
  @Endpoint({
    public: true,
    summary: 'Confirm the e-mail address with the token from the link',
    tags,
    body: TokenRequestSchema,
    status: 204,
    errors: { 400: 'auth.invalid_token' },
  })
  async confirmEmail(@ValidBody() body: z.output<typeof TokenRequestSchema>, @Req() request: FastifyRequest) {
    await this.auth.confirmEmail(body.token, requestContext(request));
  }

  @Post('resend-confirmation')
  @Endpoint({
    public: true,
    summary: 'Send the confirmation link again',
    tags,
    body: ResendConfirmationRequestSchema,
    status: 202,
    errors: { 429: 'rate_limited' },
  })
  async resendConfirmation(
    @ValidBody() body: z.output<typeof ResendConfirmationRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.auth.resendConfirmation(body.email, requestContext(request));
  }

  @Post('login')
  @Endpoint({
    public: true,
    summary: 'Sign in with a username or e-mail and a password',
    description: `With two-factor authentication on, the answer is \`{mfaRequired: true, mfaToken}\`: finish with /auth/login/totp. ${cookieNote}`,
    tags,
    body: LoginRequestSchema,
    response: LoginResponseSchema,
    errors: {
      401: 'auth.invalid_credentials',
      403: 'auth.email_not_confirmed or auth.account_blocked',
      429: 'rate_limited',
    },
  })
  async login(
    @ValidBody() body: z.output<typeof LoginRequestSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.auth.login(body, requestContext(request));
    if (result.kind === 'mfa') return result.response;
    return this.deliver(result.tokens, request, reply);
  }

  @Post('login/totp')
  @Endpoint({
    public: true,
    summary: 'Finish a sign-in with an authenticator code or a recovery code',
    description: cookieNote,
    tags,
    body: TotpLoginRequestSchema,
    response: TokenPairSchema,
    errors: { 401: 'auth.invalid_mfa_code or auth.invalid_token', 429: 'rate_limited' },
  })
  async loginTotp(
    @ValidBody() body: z.output<typeof TotpLoginRequestSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const tokens = await this.auth.loginWithSecondFactor(body.mfaToken, body.code, requestContext(request));
    return this.deliver(tokens, request, reply);
  }

  @Post('refresh')
  @Endpoint({
    public: true,
    summary: 'Exchange a refresh token for a new access token and a new refresh token',
    description: `Each refresh token works once; using one twice signs the session out. ${cookieNote}`,
    tags,
    body: RefreshRequestSchema,
    response: TokenPairSchema,
    errors: {
      401: 'auth.invalid_refresh_token or auth.refresh_token_reused',
      403: 'auth.csrf_rejected',
    },
  })
  async refresh(
    @ValidBody() body: z.output<typeof RefreshRequestSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const token = refreshTokenOf(request, this.config, body.refreshToken);
    if (!token) throw new AppError(ErrorCode.invalidRefreshToken, 401, 'No refresh token was sent');
    try {
      return await this.deliver(await this.sessions.refresh(token, requestContext(request)), request, reply);
    } catch (error) {
      if (!body.refreshToken) clearRefreshCookie(reply, this.config);
      throw error;
    }
  }

  @Post('logout')
  @Endpoint({
    public: true,
    summary: 'Sign out the session a refresh token belongs to',
    tags,
    body: RefreshRequestSchema,
    status: 204,
    errors: { 403: 'auth.csrf_rejected' },
  })
  async logout(
    @ValidBody() body: z.output<typeof RefreshRequestSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const token = refreshTokenOf(request, this.config, body.refreshToken);
    if (token) await this.sessions.endByRefreshToken(token, requestContext(request));
    clearRefreshCookie(reply, this.config);
  }

  @Post('forgot-password')
  @Endpoint({
    public: true,
    summary: 'E-mail a password reset link',
    description: 'The answer is the same whether or not the address has an account.',
    tags,
    body: ForgotPasswordRequestSchema,
    status: 202,
    errors: { 429: 'rate_limited' },
  })
  async forgotPassword(
    @ValidBody() body: z.output<typeof ForgotPasswordRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.passwords.requestReset(body.email, requestContext(request));
  }

  @Post('reset-password')
  @Endpoint({
    public: true,
    summary: 'Set a new password with the token from the reset link; signs out every session',
    tags,
    body: ResetPasswordRequestSchema,
    status: 204,
    errors: { 400: 'auth.invalid_token or auth.weak_password', 429: 'rate_limited' },
  })
  async resetPassword(
    @ValidBody() body: z.output<typeof ResetPasswordRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.passwords.reset(body.token, body.password, requestContext(request));
  }

  private deliver({ pair, refreshToken }: IssuedTokens, request: FastifyRequest, reply: FastifyReply) {
    if (wantsCookie(request)) {
      setRefreshCookie(reply, this.config, refreshToken);
      return pair;
    }
    return { ...pair, refreshToken };
  }
}
