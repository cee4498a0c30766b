import { type RateLimit } from '../../common/rate-limit/rate-limiter.js';

const minutes = (n: number) => n * 60_000;

/** Join attempts with codes that do not exist, per address: guessing codes gets nowhere. */
export const codeMissesPerIp: RateLimit = { name: 'meeting-code-ip', limit: 30, windowMs: minutes(15) };
/** Wrong passcodes for one meeting from one address. */
export const passcodeFailuresPerIp: RateLimit = {
  name: 'meeting-passcode-ip',
  limit: 10,
  windowMs: minutes(15),
};
/** Wrong passcodes for one meeting from anywhere: guessing spread over many addresses. */
export const passcodeFailuresPerMeeting: RateLimit = {
  name: 'meeting-passcode',
  limit: 100,
  windowMs: minutes(15),
};
/** Guest accounts made from one address: each is a row in users, so they are not free. */
export const guestAccountsPerIp: RateLimit = { name: 'meeting-guest-ip', limit: 20, windowMs: minutes(60) };
