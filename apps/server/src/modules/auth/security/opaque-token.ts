import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A bearer secret for refresh tokens, e-mail links and MFA challenges: 256 random bits,
 * base64url so it travels in URLs and cookies unescaped.
 */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database stores instead of the token. A fast hash is enough: 256 random bits cannot
 * be brute-forced, so a leaked table yields no usable token and lookups stay an index hit.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares secrets in time that does not depend on where they first differ. */
export function safeEqual(a: string, b: string): boolean {
  // Comparing digests gives equal-length inputs (timingSafeEqual needs them) and hides the length.
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}
