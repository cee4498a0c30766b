import { createHash, randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
// RFC 4648 base32 in lower case: no 0/1/8/9, so "o" and "l" are never confused with digits.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const CODE_CHARS = 10; // 10 × 5 bits = 50 bits each

/** Ten single-use codes formatted `abcd-efgh-jk`, shown to the user once. */
export function generateRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(format(randomBase32(CODE_CHARS)));
  return [...codes];
}

/** Lower case, no spaces or dashes: what the user typed, in the form that was hashed. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]+/g, '');
}

/**
 * SHA-256 of the owner's id and the normalised code. A slow hash would not help online: 50 random
 * bits are ~10^15 guesses against rate-limited, single-use codes. The user id salts it, so a
 * leaked table cannot be swept once for every user's codes at the same time; and a recovery code
 * only stands in for the second factor: the Argon2id-hashed password is still required.
 */
export function hashRecoveryCode(code: string, userId: string): string {
  return createHash('sha256')
    .update(`${userId}:${normalizeRecoveryCode(code)}`, 'utf8')
    .digest('hex');
}

function randomBase32(length: number): string {
  // 32 divides 256, so `byte % 32` is uniform.
  return [...randomBytes(length)].map((byte) => ALPHABET[byte % 32]).join('');
}

function format(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}
