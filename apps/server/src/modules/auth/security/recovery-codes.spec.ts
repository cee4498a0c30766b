import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes.js';

describe('generateRecoveryCodes', () => {
  it('makes 10 distinct codes shaped abcd-efgh-jk from lower-case base32', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{2}$/);
  });

  it('carries at least 50 bits per code: 10 characters of a 32-letter alphabet, all of it used', () => {
    const seen = new Set(
      Array.from({ length: 50 }, generateRecoveryCodes)
        .flat()
        .flatMap((code) => [...normalizeRecoveryCode(code)]),
    );
    expect(normalizeRecoveryCode(generateRecoveryCodes()[0]!)).toHaveLength(10);
    expect(seen.size).toBe(32);
  });

  it('gives different codes each time', () => {
    const first = generateRecoveryCodes();
    expect(generateRecoveryCodes().some((code) => first.includes(code))).toBe(false);
  });
});

describe('normalizeRecoveryCode', () => {
  it('drops case, spaces and dashes, so a retyped code matches', () => {
    expect(normalizeRecoveryCode('ABCD-EFGH-JK')).toBe('abcdefghjk');
    expect(normalizeRecoveryCode(' abcd efgh jk ')).toBe('abcdefghjk');
    expect(normalizeRecoveryCode('abcd--efgh\tjk')).toBe('abcdefghjk');
  });

  it('round-trips every generated code', () => {
    for (const code of generateRecoveryCodes()) {
      const typed = code.toUpperCase().replaceAll('-', ' ');
      expect(normalizeRecoveryCode(typed)).toBe(code.replaceAll('-', ''));
    }
  });
});

describe('hashRecoveryCode', () => {
  it('is the SHA-256 hex of the normalised code', () => {
    expect(hashRecoveryCode('abcd-efgh-jk', 'u1')).toBe(
      createHash('sha256').update('u1:abcdefghjk').digest('hex'),
    );
    expect(hashRecoveryCode('abcd-efgh-jk', 'u1')).not.toBe(hashRecoveryCode('abcd-efgh-jk', 'u2'));
  });

  it('hashes the code as shown and the code as typed the same way', () => {
    const [code] = generateRecoveryCodes();
    expect(hashRecoveryCode(code!, 'u1')).toBe(
      hashRecoveryCode(` ${code!.toUpperCase().replaceAll('-', '')} `, 'u1'),
    );
    expect(hashRecoveryCode(code!, 'u1')).toBe(hashRecoveryCode(normalizeRecoveryCode(code!), 'u1'));
  });

  it('tells different codes apart', () => {
    expect(hashRecoveryCode('abcd-efgh-jk', 'u1')).not.toBe(hashRecoveryCode('abcd-efgh-jm', 'u1'));
  });
});
