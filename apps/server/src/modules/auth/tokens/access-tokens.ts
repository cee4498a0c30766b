import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ErrorCode } from '@beseda/protocol';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTHeaderParameters,
  jwtVerify,
  SignJWT,
} from 'jose';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../common/errors/app-error.js';
import { type Config } from '../../../config/config.js';
import { CONFIG } from '../../../config/config.module.js';
import { SigningKeysRepository } from './signing-keys.repository.js';

/** The one algorithm accepted: asymmetric, so a verifier can never forge tokens. */
const ALGORITHM = 'EdDSA';
const TOKEN_TYPE = 'at+jwt';
export const ACCESS_TOKEN_AUDIENCE = 'beseda-api';
export const ACCESS_TOKEN_TTL_SECONDS = 10 * 60;

export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
}

export interface VerifiedAccessToken extends AccessTokenClaims {
  /** When the token stops being valid (ms since epoch); live connections close then unless re-authenticated. */
  expiresAt: number;
}

type ImportedKey = Awaited<ReturnType<typeof importJWK>>;

interface LoadedKey {
  kid: string;
  retired: boolean;
  privateKey: ImportedKey;
  publicKey: ImportedKey;
}

const unauthenticated = (message: string) => new AppError(ErrorCode.unauthenticated, 401, message);

/**
 * Short-lived JWT access tokens signed with the server's own Ed25519 keys, which live in the
 * database so every node signs and verifies with the same set. A key is created on the first
 * start; `rotate()` adds a new signing key and keeps the old ones for verification.
 */
@Injectable()
export class AccessTokens implements OnModuleInit, OnModuleDestroy {
  private keys: LoadedKey[] = [];
  private lastReload = 0;
  private refresher: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: SigningKeysRepository,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onModuleInit() {
    await this.reload();
    if (!this.keys.some((key) => !key.retired)) await this.rotate();
    // A rotation on another node reaches this one's signing within a minute.
    this.refresher = setInterval(() => void this.reload().catch(() => undefined), 60_000).unref();
  }

  onModuleDestroy() {
    clearInterval(this.refresher);
  }

  async sign({ userId, sessionId }: AccessTokenClaims): Promise<string> {
    const key = this.keys.find((candidate) => !candidate.retired);
    if (!key) throw new Error('No active signing key');
    return new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: TOKEN_TYPE })
      .setIssuer(this.config.publicUrl)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
      .setJti(uuidv7())
      .sign(key.privateKey);
  }

  /** Checks signature, algorithm, type, issuer, audience and expiry; throws 401 auth.unauthenticated. */
  async verify(token: string): Promise<VerifiedAccessToken> {
    try {
      const { payload } = await jwtVerify(token, (header) => this.keyFor(header), {
        algorithms: [ALGORITHM],
        typ: TOKEN_TYPE,
        issuer: this.config.publicUrl,
        audience: ACCESS_TOKEN_AUDIENCE,
        requiredClaims: ['exp', 'iat', 'sub', 'sid'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') {
        throw unauthenticated('The access token is malformed');
      }
      return { userId: payload.sub, sessionId: payload.sid, expiresAt: (payload.exp ?? 0) * 1000 };
    } catch (error) {
      if (error instanceof AppError) throw error;
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw unauthenticated(expired ? 'The access token has expired' : 'The access token is invalid');
    }
  }

  /** Creates a new signing key; the previous ones keep verifying tokens already issued. */
  async rotate(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
    const kid = uuidv7();
    await this.repository.insert({
      kid,
      algorithm: ALGORITHM,
      publicJwk: await exportJWK(publicKey),
      privateJwk: await exportJWK(privateKey),
    });
    await this.repository.retireAllExcept(kid);
    await this.reload();
    return kid;
  }

  private async keyFor(header: JWTHeaderParameters) {
    if (!header.kid) throw unauthenticated('The access token names no key');
    let key = this.keys.find((candidate) => candidate.kid === header.kid);
    // Another node may have rotated since this one loaded the keys; look again, at most once a second.
    if (!key && Date.now() - this.lastReload > 1000) {
      await this.reload();
      key = this.keys.find((candidate) => candidate.kid === header.kid);
    }
    if (!key) throw unauthenticated('The access token was signed with an unknown key');
    return key.publicKey;
  }

  private async reload() {
    const rows = await this.repository.all();
    this.keys = await Promise.all(
      rows.map(async (row) => ({
        kid: row.kid,
        retired: row.retiredAt !== null,
        privateKey: await importJWK(row.privateJwk as JWK, ALGORITHM),
        publicKey: await importJWK(row.publicJwk as JWK, ALGORITHM),
      })),
    );
    this.lastReload = Date.now();
  }
}
