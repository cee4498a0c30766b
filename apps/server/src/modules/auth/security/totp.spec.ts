import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { totpCode, TotpService } from './totp.js';

// RFC 6238 Appendix B. Seeds are ASCII; the server stores secrets in base32.
const seeds = {
  sha1: '12345678901234567890',
  sha256: '12345678901234567890123456789012',
  sha512: '1234567890123456789012345678901234567890123456789012345678901234',
};
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of the SHA-1 seed
const vectors: { time: number; sha1: string; sha256: string; sha512: string }[] = [
  { time: 59, sha1: '94287082', sha256: '46119246', sha512: '90693936' },
  { time: 1111111109, sha1: '07081804', sha256: '68084774', sha512: '25091201' },
  { time: 1111111111, sha1: '14050471', sha256: '67062674', sha512: '99943326' },
  { time: 1234567890, sha1: '89005924', sha256: '91819424', sha512: '93441116' },
  { time: 2000000000, sha1: '69279037', sha256: '90698825', sha512: '38618901' },
  { time: 20000000000, sha1: '65353130', sha256: '77737706', sha512: '47863826' },
];

const totp = new TotpService();
const T = 1_234_567_890_000; // an arbitrary fixed "now", in milliseconds
const step = totp.currentStep(T);
const secret = totp.generateSecret();
const codeAt = (offset: number) => totpCode(secret, step + offset);

describe('TotpService, RFC 6238 Appendix B', () => {
  it('holds the RFC seed as base32, as the server stores secrets', () => {
    expect(Buffer.from(seeds.sha1).toString('hex')).toBe('3132333435363738393031323334353637383930');
    expect(totpCode(RFC_SECRET, 1, { digits: 8 })).toBe(totpCode(Buffer.from(seeds.sha1), 1, { digits: 8 }));
  });

  it.each(vectors)('verifies the 6-digit code at t=$time through verify()', ({ time, sha1 }) => {
    const now = time * 1000;
    expect(totp.verify(RFC_SECRET, sha1.slice(-6), { now })).toBe(Math.floor(time / 30));
  });

  it.each(vectors)('generates the 8-digit codes at t=$time', ({ time, sha1, sha256, sha512 }) => {
    const at = Math.floor(time / 30);
    expect(totpCode(RFC_SECRET, at, { digits: 8 })).toBe(sha1);
    expect(totpCode(Buffer.from(seeds.sha256), at, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totpCode(Buffer.from(seeds.sha512), at, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });
});

describe('TotpService.verify', () => {
  it('accepts the current code and returns its step', () => {
    expect(totp.verify(secret, codeAt(0), { now: T })).toBe(step);
  });

  it('accepts a code one step early or late, for clock drift', () => {
    expect(totp.verify(secret, codeAt(-1), { now: T })).toBe(step - 1);
    expect(totp.verify(secret, codeAt(1), { now: T })).toBe(step + 1);
  });

  it('refuses a code two steps away', () => {
    expect(totp.verify(secret, codeAt(-2), { now: T })).toBeNull();
    expect(totp.verify(secret, codeAt(2), { now: T })).toBeNull();
  });

  it('refuses a wrong code and a code from another secret', () => {
    const inWindow = [-1, 0, 1].map(codeAt);
    const wrong = ['000000', '111111', '222222'].find((code) => !inWindow.includes(code))!;
    expect(totp.verify(secret, wrong, { now: T })).toBeNull();
    expect(totp.verify(totp.generateSecret(), codeAt(0), { now: T })).toBeNull();
  });

  it('refuses what is not a 6-digit code', () => {
    for (const code of ['', '12345', '1234567', 'abcdef', `${codeAt(0)}0`, `-${codeAt(0).slice(1)}`]) {
      expect(totp.verify(secret, code, { now: T })).toBeNull();
    }
  });

  it('accepts a code typed with spaces', () => {
    const code = codeAt(0);
    expect(totp.verify(secret, `${code.slice(0, 3)} ${code.slice(3)}`, { now: T })).toBe(step);
    expect(totp.verify(secret, ` ${code} `, { now: T })).toBe(step);
  });

  it('refuses a code replayed after it was accepted', () => {
    const accepted = totp.verify(secret, codeAt(0), { now: T });
    expect(accepted).toBe(step);
    expect(totp.verify(secret, codeAt(0), { now: T, notAfterStep: accepted! })).toBeNull();
  });

  it('refuses an older code once a newer one was accepted', () => {
    const accepted = totp.verify(secret, codeAt(1), { now: T });
    expect(totp.verify(secret, codeAt(0), { now: T, notAfterStep: accepted! })).toBeNull();
    expect(totp.verify(secret, codeAt(-1), { now: T, notAfterStep: accepted! })).toBeNull();
  });

  it('accepts the next code after one was used', () => {
    expect(totp.verify(secret, codeAt(1), { now: T, notAfterStep: step })).toBe(step + 1);
    expect(totp.verify(secret, codeAt(1), { now: T + 30_000, notAfterStep: step })).toBe(step + 1);
  });

  it('uses the clock when no time is given', () => {
    const now = totp.currentStep();
    expect(Math.abs(now - Math.floor(Date.now() / 30_000))).toBeLessThanOrEqual(1);
    expect(totp.verify(secret, totpCode(secret, totp.currentStep()))).not.toBeNull();
  });
});

describe('TotpService setup', () => {
  it('generates base32 secrets of at least 20 bytes, different each time', () => {
    const generated = totp.generateSecret();
    expect(generated).toMatch(/^[A-Z2-7]{32,}$/);
    expect(Math.floor((generated.length * 5) / 8)).toBeGreaterThanOrEqual(20);
    expect(totp.generateSecret()).not.toBe(generated);
  });

  it('builds an otpauth:// URI authenticator apps read', () => {
    const uri = new URL(totp.otpauthUri({ secret, accountName: 'ivan@example.com', issuer: 'Beseda' }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Beseda:ivan@example.com');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Beseda');
    // Absent means SHA-1, 6 digits, 30 s, the only values every app supports.
    expect(uri.searchParams.get('algorithm') ?? 'SHA1').toBe('SHA1');
    expect(uri.searchParams.get('digits') ?? '6').toBe('6');
    expect(uri.searchParams.get('period') ?? '30').toBe('30');
  });
});

const oathtool = hasOathtool();
if (!oathtool) console.warn('oathtool is not installed: skipping the cross-check against it');

describe.skipIf(!oathtool)('TotpService against oathtool', () => {
  it('computes the code oathtool computes for the same secret and time', () => {
    const seconds = 1_700_000_000;
    const when = new Date(seconds * 1000)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC');
    const expected = execFileSync('oathtool', ['--totp', '-b', '--now', when, secret], {
      encoding: 'utf8',
    }).trim();
    expect(totpCode(secret, Math.floor(seconds / 30))).toBe(expected);
    expect(totp.verify(secret, expected, { now: seconds * 1000 })).toBe(Math.floor(seconds / 30));
  });
});

function hasOathtool(): boolean {
  try {
    execFileSync('oathtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
