import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export interface IdpAccount {
  email: string;
  emailVerified?: boolean;
  name?: string;
  preferredUsername?: string;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registers an account at the provider; the returned subject is also its login name there. */
  addAccount(account: IdpAccount): string;
  /**
   * Rewrites the claims of the next ID tokens the token endpoint hands out, re-signed with the
   * provider's own key (or `signWithForeignKey`): a token only the claim checks can refuse.
   */
  tamper(edit: ((claims: JWTPayload) => JWTPayload) | null, options?: { signWithForeignKey?: boolean }): void;
  close(): Promise<void>;
}

/**
 * Distinct ports nothing listens on right now, so a server's public URL can be known before it
 * starts. All are held until all are found, so none is handed out twice.
 */
export async function freePorts(count: number): Promise<number[]> {
  const probes = Array.from({ length: count }, () => createNetServer());
  await Promise.all(
    probes.map((probe) => new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))),
  );
  const ports = probes.map((probe) => (probe.address() as AddressInfo).port);
  await Promise.all(probes.map((probe) => new Promise<void>((resolve) => probe.close(() => resolve()))));
  return ports;
}

let accounts = 0;

/**
 * A real OpenID provider (node-oidc-provider with its development login and consent pages) on a
 * random local port, with one confidential client allowed to come back to `redirectUris` only.
 */
export async function startOidcProvider({ redirectUris }: { redirectUris: string[] }): Promise<TestIdp> {
  const httpServer: Server = createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;

  const kid = 'test-signing-key';
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const clientId = 'beseda-test';
  const clientSecret = `secret-${Math.random().toString(36).slice(2)}`;
  const claimsBySubject = new Map<string, IdpAccount>();
  let edit: ((claims: JWTPayload) => JWTPayload) | null = null;
  let foreignKey = false;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' }] },
    claims: { email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
    pkce: { required: () => true },
    cookies: { keys: ['test-cookie-key'] },
    ttl: {
      Interaction: 600,
      Session: 600,
      Grant: 600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
    findAccount: (_ctx: KoaContextWithOIDC, subject: string) => {
      const account = claimsBySubject.get(subject);
      if (!account) return undefined;
      return {
        accountId: subject,
        claims: () => ({
          sub: subject,
          email: account.email,
          email_verified: account.emailVerified ?? true,
          name: account.name,
          preferred_username: account.preferredUsername,
        }),
      };
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path !== '/token' || !edit || typeof body?.id_token !== 'string') return;
    const claims = edit(decodeJwt(body.id_token));
    body.id_token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .sign(foreignKey ? foreign.privateKey : privateKey);
  });
  httpServer.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    addAccount(account) {
      const subject = `idp-user-${++accounts}-${Math.random().toString(36).slice(2, 8)}`;
      claimsBySubject.set(subject, account);
      return subject;
    },
    tamper(next, options = {}) {
      edit = next;
      foreignKey = options.signWithForeignKey ?? false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      }),
  };
}
