import { Injectable } from '@nestjs/common';
import { generateSecret, generateSync, generateURI } from 'otplib';
import { safeEqual } from './opaque-token.js';

// What Google Authenticator and every other app assume when the URI names nothing else.
const PERIOD_SECONDS = 30;
const DIGITS = 6;
const CODE_PATTERN = /^\d{6}$/;
// RFC 4226 asks for at least 128 bits and recommends 160; otplib refuses fewer than 16 bytes.
const SECRET_BYTES = 20;
// RFC 6238 §5.2: one step either side absorbs clock drift and the time it takes to type the code.
const WINDOW_STEPS = 1;

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** The code for one time step: RFC 6238 TOTP is RFC 4226 HOTP with the step as the counter. */
export function totpCode(
  secret: string | Uint8Array,
  step: number,
  { digits = DIGITS, algorithm = 'sha1' }: { digits?: number; algorithm?: TotpAlgorithm } = {},
): string {
  return generateSync({ strategy: 'hotp', secret, counter: step, digits, algorithm });
}

export interface OtpauthUriInput {
  secret: string;
  /** Shown in the app under the issuer; the user's e-mail address. */
  accountName: string;
  issuer: string;
}

export interface TotpVerifyOptions {
  /** The last step accepted for this secret: it and every earlier step are refused (replay). */
  notAfterStep?: number;
  /** Milliseconds since the epoch; defaults to now. */
  now?: number;
}

/** Time-based one-time passwords (RFC 6238: HMAC-SHA-1, 30 s steps, 6 digits). */
@Injectable()
export class TotpService {
  /** A new base32 secret of 160 random bits. */
  generateSecret(): string {
    return generateSecret({ length: SECRET_BYTES });
  }

  /** The otpauth:// URI an authenticator app reads from the QR code. */
  otpauthUri({ secret, accountName, issuer }: OtpauthUriInput): string {
    return generateURI({ secret, label: accountName, issuer });
  }

  currentStep(now: number = Date.now()): number {
    return Math.floor(now / 1000 / PERIOD_SECONDS);
  }

  /**
   * The time step the code belongs to, or null. The caller stores the step and passes it back as
   * `notAfterStep`, so neither this code nor an older one is accepted again.
   */
  verify(secret: string, code: string, { notAfterStep, now }: TotpVerifyOptions = {}): number | null {
    // Apps show "123 456"; people type it that way.
    const candidate = code.replace(/\s+/g, '');
    if (!CODE_PATTERN.test(candidate)) return null;
    const current = this.currentStep(now);
    for (let step = current - WINDOW_STEPS; step <= current + WINDOW_STEPS; step++) {
      if (step < 0 || (notAfterStep !== undefined && step <= notAfterStep)) continue;
      if (safeEqual(totpCode(secret, step), candidate)) return step;
    }
    return null;
  }
}
