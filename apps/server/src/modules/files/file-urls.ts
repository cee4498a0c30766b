import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type FileVariant } from '@beseda/protocol';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { ServerSecrets } from '../../infra/db/server-secrets.js';

const SECRET_NAME = 'file-url-hmac';

/**
 * Signed file links: `/api/v1/files/<id>?v=<variant>&exp=<unix seconds>&sig=<HMAC>`. A browser
 * cannot send a bearer token from `<img src>` or `<a href>`, so the link itself is the
 * permission, bound to one file, one variant and an expiry. Whoever holds a link may use it until
 * it expires: a member removed from a chat keeps the links they were given, for at most the
 * lifetime of a link, and gets no new ones. The key is created on first start and stored in the
 * database, so every node signs and verifies alike; it is never logged (`sig` is redacted).
 */
@Injectable()
export class FileUrls implements OnModuleInit {
  private key: Buffer | undefined;

  constructor(
    private readonly secrets: ServerSecrets,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onModuleInit() {
    const secret = await this.secrets.get(SECRET_NAME, () => randomBytes(32).toString('base64url'));
    this.key = Buffer.from(secret, 'base64url');
  }

  /**
   * A link valid for at least the configured lifetime. Expiries are rounded up to a step (an hour
   * at most), so the same file gets the same link for a while and browsers can cache it.
   */
  sign(fileId: string, variant: FileVariant, now = Date.now()): string {
    const ttl = this.config.files.urlTtlSeconds;
    const step = Math.min(3600, ttl);
    const exp = Math.ceil((Math.floor(now / 1000) + ttl) / step) * step;
    return this.signUntil(fileId, variant, exp);
  }

  signUntil(fileId: string, variant: FileVariant, exp: number): string {
    const query = new URLSearchParams({ v: variant, exp: String(exp), sig: this.mac(fileId, variant, exp) });
    return `/api/v1/files/${fileId}?${query.toString()}`;
  }

  /** True when `sig` was made here for this file, variant and expiry, and the expiry is ahead. */
  verify(fileId: string, variant: FileVariant, exp: number, sig: string, now = Date.now()): boolean {
    if (exp * 1000 <= now) return false;
    const expected = Buffer.from(this.mac(fileId, variant, exp));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(fileId: string, variant: FileVariant, exp: number): string {
    if (!this.key) throw new Error('File link key not loaded');
    return createHmac('sha256', this.key).update(`${fileId}\n${variant}\n${exp}`).digest('base64url');
  }
}
