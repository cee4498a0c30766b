import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type OAuthProviderId } from '@beseda/protocol';
import { AppError } from '../../../common/errors/app-error.js';
import { type Config } from '../../../config/config.js';
import { CONFIG } from '../../../config/config.module.js';
import { GitHubProvider } from './github.provider.js';
import { GoogleProvider } from './google.provider.js';
import { type OAuthProvider } from './oauth-provider.js';
import { OidcProvider } from './oidc.provider.js';

/** The callback every provider is registered with; it must match the provider's settings exactly. */
export function redirectUriFor(config: Config, provider: OAuthProviderId): string {
  return `${config.publicUrl}/api/v1/auth/oauth/${provider}/callback`;
}

/** The identity providers this installation is configured for, in the order their buttons show. */
@Injectable()
export class OAuthProviders {
  private readonly byId = new Map<string, OAuthProvider>();

  constructor(@Inject(CONFIG) config: Config) {
    const { oidc, google, github } = config.oauth;
    const providers = [
      oidc && new OidcProvider(oidc, redirectUriFor(config, 'oidc')),
      google && new GoogleProvider(google, redirectUriFor(config, 'google')),
      github && new GitHubProvider(github, redirectUriFor(config, 'github')),
    ];
    for (const provider of providers) if (provider) this.byId.set(provider.id, provider);
  }

  list(): OAuthProvider[] {
    return [...this.byId.values()];
  }

  /** The provider by its id from a URL; unknown and unconfigured ones look the same. */
  get(id: string): OAuthProvider {
    const provider = this.byId.get(id);
    if (!provider) {
      throw new AppError(ErrorCode.oauthProviderNotEnabled, 404, 'This sign-in method is not enabled here');
    }
    return provider;
  }
}
