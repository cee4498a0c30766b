import { describe, expect, it } from 'vitest';
import { hashToken, newOpaqueToken, safeEqual } from './opaque-token.js';

describe('newOpaqueToken', () => {
  it('is 32 random bytes in base64url', () => {
    const token = newOpaqueToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('never repeats', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newOpaqueToken));
    expect(tokens.size).toBe(1000);
  });
});

describe('hashToken', () => {
  it('is the SHA-256 of the token in hex', () => {
    // FIPS 180-2 test vector.
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is stable for a token and differs between tokens', () => {
    const token = newOpaqueToken();
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toBe(hashToken(newOpaqueToken()));
  });
});

describe('safeEqual', () => {
  it('is true only for identical strings', () => {
    expect(safeEqual('123456', '123456')).toBe(true);
    expect(safeEqual('123456', '123457')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('token', 'Token')).toBe(false);
  });

  it('compares strings of different lengths without throwing', () => {
    expect(safeEqual('12345', '123456')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });

  it('compares non-ASCII text by content', () => {
    expect(safeEqual('ключ', 'ключ')).toBe(true);
    expect(safeEqual('ключ', 'клюя')).toBe(false);
  });
});
