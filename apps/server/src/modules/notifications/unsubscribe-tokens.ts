import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ServerSecrets } from '../../infra/db/server-secrets.js';

const SECRET_NAME = 'email-unsubscribe-hmac';
/** Part of what is signed, so a token made for another purpose with the same key never fits here. */
const PURPOSE = 'email-digest-unsubscribe';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The token in a digest's unsubscribe link: `<user id>.<HMAC of purpose and user id>`. It sits in
 * a URL (mail clients and proxies may log it) and never expires, which is acceptable because all
 * it can do is turn that person's digests off: it signs nobody in and reads nothing. The key is
 * created on first start and kept in the database, so every node signs and verifies alike.
 */
@Injectable()
export class UnsubscribeTokens implements OnModuleInit {
  private key: Buffer | undefined;

  constructor(private readonly secrets: ServerSecrets) {}

  async onModuleInit(): Promise<void> {
    const secret = await this.secrets.get(SECRET_NAME, () => randomBytes(32).toString('base64url'));
    this.key = Buffer.from(secret, 'base64url');
  }

  sign(userId: string): string {
    return `${userId}.${this.mac(userId)}`;
  }

  /** The user the token was made for, or null when this server did not make it. */
  verify(token: string): string | null {
    const [userId, signature, ...rest] = token.split('.');
    if (!userId || !signature || rest.length > 0 || !UUID.test(userId)) return null;
    const expected = Buffer.from(this.mac(userId));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
  }

  private mac(userId: string): string {
    if (!this.key) throw new Error('Unsubscribe key not loaded');
    return createHmac('sha256', this.key).update(`${PURPOSE}\n${userId}`).digest('base64url');
  }
}
