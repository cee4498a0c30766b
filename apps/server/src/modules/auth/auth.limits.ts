import { type RateLimit } from '../../common/rate-limit/rate-limiter.js';

const minutes = (n: number) => n * 60_000;

/** Failed logins per account: stops guessing one password without locking out for long. */
export const loginFailuresPerAccount: RateLimit = { name: 'login-account', limit: 10, windowMs: minutes(15) };
/** Failed logins per address: generous, since an office can share one address. */
export const loginFailuresPerIp: RateLimit = { name: 'login-ip', limit: 100, windowMs: minutes(15) };
/** Wrong second-factor codes per account. */
export const mfaFailuresPerAccount: RateLimit = { name: 'mfa-account', limit: 10, windowMs: minutes(15) };
export const registrationsPerIp: RateLimit = { name: 'register-ip', limit: 20, windowMs: minutes(60) };
/** E-mails sent on request (confirmation again, password reset) per address and per recipient. */
export const mailRequestsPerRecipient: RateLimit = {
  name: 'mail-recipient',
  limit: 3,
  windowMs: minutes(60),
};
export const mailRequestsPerIp: RateLimit = { name: 'mail-ip', limit: 30, windowMs: minutes(60) };
/** Guesses of e-mail link tokens per address. */
export const tokenAttemptsPerIp: RateLimit = { name: 'token-ip', limit: 30, windowMs: minutes(15) };
/** Sign-ins started with an identity provider per address; each holds a little shared state for 10 minutes. */
export const oauthStartsPerIp: RateLimit = { name: 'oauth-start-ip', limit: 300, windowMs: minutes(15) };
