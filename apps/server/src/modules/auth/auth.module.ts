import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ActivityModule } from '../activity/activity.module.js';
import { MailModule } from '../mail/mail.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountBlocking, AccountBlockingController } from './account-blocking.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { EmailTokensRepository } from './email-tokens.repository.js';
import { AuthGuard } from './guard/auth.guard.js';
import { RolePermissions } from './guard/role-permissions.js';
import { IdentitiesController } from './oauth/identities.controller.js';
import { IdentitiesRepository } from './oauth/identities.repository.js';
import { IdentitiesService } from './oauth/identities.service.js';
import { OAuthAccounts } from './oauth/oauth-accounts.js';
import { OAuthAttempts } from './oauth/oauth-attempts.js';
import { OAuthProviders } from './oauth/oauth-providers.js';
import { OAuthController } from './oauth/oauth.controller.js';
import { OAuthService } from './oauth/oauth.service.js';
import { PasswordService } from './password.service.js';
import { SecurityController } from './security.controller.js';
import { PasswordHasher } from './security/password-hasher.js';
import { TotpService } from './security/totp.js';
import { SessionRevocations } from './sessions/session-revocations.js';
import { SessionsRepository } from './sessions/sessions.repository.js';
import { SessionsService } from './sessions/sessions.service.js';
import { AccessTokens } from './tokens/access-tokens.js';
import { SigningKeysController } from './tokens/signing-keys.controller.js';
import { SigningKeysRepository } from './tokens/signing-keys.repository.js';
import { TwoFactorService } from './two-factor.service.js';

@Module({
  imports: [UsersModule, ActivityModule, MailModule],
  controllers: [
    AuthController,
    SecurityController,
    OAuthController,
    IdentitiesController,
    SigningKeysController,
    AccountBlockingController,
  ],
  providers: [
    AccountBlocking,
    AccessTokens,
    SigningKeysRepository,
    SessionsRepository,
    SessionsService,
    SessionRevocations,
    RolePermissions,
    EmailTokensRepository,
    AuthService,
    PasswordService,
    TwoFactorService,
    PasswordHasher,
    TotpService,
    OAuthProviders,
    OAuthAttempts,
    OAuthAccounts,
    OAuthService,
    IdentitiesRepository,
    IdentitiesService,
    // Every route of the application goes through this guard: deny unless @Endpoint says public.
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccessTokens, AccountBlocking, SessionRevocations, SessionsService, RolePermissions, AuthService],
})
export class AuthModule {}
