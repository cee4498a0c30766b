import { Controller, Delete, Get, Post, Req } from '@nestjs/common';
import {
  ChangePasswordRequestSchema,
  RecoveryCodesSchema,
  SessionListSchema,
  TotpDisableRequestSchema,
  TotpEnableRequestSchema,
  TotpSetupSchema,
} from '@beseda/protocol';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Endpoint, ValidBody, ValidParams } from '../../common/http/endpoint.decorator.js';
import { requestContext } from '../../common/http/request-context.js';
import { CurrentPrincipal, type Principal } from './guard/principal.js';
import { PasswordService } from './password.service.js';
import { SessionsService } from './sessions/sessions.service.js';
import { TwoFactorService } from './two-factor.service.js';

const tags = ['me'];
const SessionIdSchema = z.strictObject({ id: z.uuid() });
const CodeSchema = z.strictObject({ code: z.string().trim().min(6).max(32) });

/** The signed-in user's own security settings: password, sessions, two-factor authentication. */
@Controller('api/v1/me')
export class SecurityController {
  constructor(
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  @Post('password')
  @Endpoint({
    summary: 'Change the password; every other session is signed out',
    tags,
    body: ChangePasswordRequestSchema,
    status: 204,
    errors: { 400: 'auth.invalid_credentials (current password) or auth.weak_password' },
  })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @ValidBody() body: z.output<typeof ChangePasswordRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.passwords.change(
      principal.userId,
      principal.sessionId,
      body.currentPassword,
      body.newPassword,
      requestContext(request),
    );
  }

  @Get('sessions')
  @Endpoint({ summary: 'Active sessions (devices signed in)', tags, response: SessionListSchema })
  async listSessions(@CurrentPrincipal() principal: Principal) {
    return { items: await this.sessions.list(principal.userId, principal.sessionId) };
  }

  @Delete('sessions/:id')
  @Endpoint({
    summary: 'Sign out one session',
    tags,
    params: SessionIdSchema,
    status: 204,
    errors: { 404: 'session.not_found' },
  })
  async revokeSession(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof SessionIdSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.sessions.revokeOwn(principal.userId, params.id, requestContext(request));
  }

  @Post('sessions/revoke-others')
  @Endpoint({
    summary: 'Sign out every session but this one',
    tags,
    response: z.object({ revoked: z.number().int() }),
  })
  async revokeOtherSessions(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest) {
    return {
      revoked: await this.sessions.revokeOthers(
        principal.userId,
        principal.sessionId,
        requestContext(request),
      ),
    };
  }

  @Post('2fa/setup')
  @Endpoint({
    summary: 'Start two-factor setup: a new secret and its otpauth:// URI for the QR code',
    tags,
    response: TotpSetupSchema,
    errors: { 409: 'auth.mfa_state_conflict' },
  })
  setupTwoFactor(@CurrentPrincipal() principal: Principal) {
    return this.twoFactor.setup(principal.userId);
  }

  @Post('2fa/enable')
  @Endpoint({
    summary: 'Turn two-factor authentication on with a code from the authenticator',
    description: 'Answers with 10 single-use recovery codes, shown this once.',
    tags,
    body: TotpEnableRequestSchema,
    response: RecoveryCodesSchema,
    errors: { 400: 'auth.invalid_mfa_code', 409: 'auth.mfa_state_conflict' },
  })
  async enableTwoFactor(
    @CurrentPrincipal() principal: Principal,
    @ValidBody() body: z.output<typeof TotpEnableRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    return {
      recoveryCodes: await this.twoFactor.enable(principal.userId, body.code, requestContext(request)),
    };
  }

  @Post('2fa/disable')
  @Endpoint({
    summary: 'Turn two-factor authentication off (password and a code required)',
    tags,
    body: TotpDisableRequestSchema,
    status: 204,
    errors: { 400: 'auth.invalid_mfa_code', 401: 'auth.invalid_credentials', 409: 'auth.mfa_state_conflict' },
  })
  async disableTwoFactor(
    @CurrentPrincipal() principal: Principal,
    @ValidBody() body: z.output<typeof TotpDisableRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.twoFactor.disable(principal.userId, body.password, body.code, requestContext(request));
  }

  @Post('2fa/recovery-codes')
  @Endpoint({
    summary: 'Replace the recovery codes (an authenticator code required); the old ones stop working',
    tags,
    body: CodeSchema,
    response: RecoveryCodesSchema,
    errors: { 400: 'auth.invalid_mfa_code', 409: 'auth.mfa_state_conflict' },
  })
  async regenerateRecoveryCodes(
    @CurrentPrincipal() principal: Principal,
    @ValidBody() body: z.output<typeof CodeSchema>,
    @Req() request: FastifyRequest,
  ) {
    return {
      recoveryCodes: await this.twoFactor.regenerateRecoveryCodes(
        principal.userId,
        body.code,
        requestContext(request),
      ),
    };
  }
}
