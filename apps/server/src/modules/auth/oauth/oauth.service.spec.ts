import { describe, expect, it, vi } from 'vitest';
import { type Config } from '../../../config/config.js';
import { type OAuthProfile, type OAuthProvider } from './oauth-provider.js';
import { OAuthService } from './oauth.service.js';

/** A stand-in that fails the test on any member it was not given. */
function strict<T>(name: string, members: Partial<Record<keyof T, unknown>> = {}): T {
  return new Proxy(members, {
    get(target, key) {
      if (key === 'then') return undefined;
      if (!(key in target)) throw new Error(`unexpected use of ${name}.${String(key)}`);
      return target[key as keyof typeof target];
    },
  }) as T;
}

const context = { ip: '203.0.113.7', userAgent: 'test', requestId: 'r1' };
const profile: OAuthProfile = {
  subject: 's-1',
  email: 'taken@example.org',
  emailVerified: true,
  name: null,
  usernameHint: null,
  language: null,
};

function service(parts: Record<string, unknown>) {
  const p = (name: string) => strict<never>(name, (parts[name] ?? {}) as Record<string, unknown>);
  return new OAuthService(
    p('users'),
    p('identities'),
    p('accounts'),
    p('activity'),
    p('auth'),
    p('providers'),
    p('attempts'),
    p('rateLimiter'),
    { publicUrl: 'https://chat.example.org' } as Config,
  );
}

const oidc = (members: Partial<OAuthProvider> = {}) =>
  strict<OAuthProvider>('provider', { id: 'oidc', ...members });

describe('OAuthService.callback', () => {
  it('does not touch the attempt when the browser holds another state', async () => {
    const oauth = service({ providers: { get: () => oidc() } });
    await expect(oauth.callback('oidc', { state: 's', code: 'c' }, false, context)).rejects.toMatchObject({
      code: 'oauth.invalid_state',
    });
  });

  it('refuses an attempt started for another provider', async () => {
    const claim = vi.fn(async () => ({
      provider: 'google',
      mode: 'sign_in',
      next: '/',
      codeVerifier: 'v',
      nonce: 'n',
    }));
    const oauth = service({ providers: { get: () => oidc() }, attempts: { claim } });
    await expect(oauth.callback('oidc', { state: 's', code: 'c' }, true, context)).rejects.toMatchObject({
      code: 'oauth.invalid_state',
    });
    expect(claim).toHaveBeenCalledWith('s');
  });

  it('records an unlinked identity with a taken address on that account, and refuses it', async () => {
    const record = vi.fn(async () => undefined);
    const oauth = service({
      providers: { get: () => oidc({ issuers: ['https://idp'], profile: async () => profile }) },
      attempts: {
        claim: async () => ({ provider: 'oidc', mode: 'sign_in', next: '/', codeVerifier: 'v', nonce: 'n' }),
      },
      identities: { findBySubject: async () => undefined },
      accounts: { create: async () => ({ existing: { id: 'u-existing' } }) },
      activity: { record },
    });
    await expect(
      oauth.callback('oidc', { state: 's', code: 'c', iss: 'https://idp' }, true, context),
    ).rejects.toMatchObject({ code: 'oauth.account_exists' });
    expect(record).toHaveBeenCalledWith(
      expect.objectContaining({
        userId: 'u-existing',
        type: 'login',
        success: false,
        details: { method: 'oauth:oidc', reason: 'oauth.account_exists' },
      }),
    );
  });

  it('refuses a link attempt that lost its user', async () => {
    const oauth = service({
      providers: { get: () => oidc() },
      attempts: {
        claim: async () => ({ provider: 'oidc', mode: 'link', next: '/', codeVerifier: 'v', nonce: 'n' }),
      },
    });
    await expect(oauth.callback('oidc', { state: 's', code: 'c' }, true, context)).rejects.toMatchObject({
      code: 'oauth.invalid_state',
    });
  });
});
