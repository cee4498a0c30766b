import { createHmac } from 'node:crypto';
import { type MediaConfig } from '../../config/config.js';

/** One entry of `RTCConfiguration.iceServers`, as the browser takes it. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface IceServerList {
  iceServers: IceServer[];
  /**
   * When the TURN credentials stop working (ISO 8601); absent without TURN. A client that stays
   * longer asks again and applies the new list (`setConfiguration` and an ICE restart).
   */
  expiresAt: string | undefined;
}

/**
 * TURN credentials in coturn's REST-secret scheme (`use-auth-secret`, draft-uberti-behave-turn-rest):
 * the user name carries its own expiry, the password is an HMAC of the user name, so coturn checks
 * them with the shared secret alone and nothing is stored anywhere. coturn refuses a user name
 * whose time has passed.
 */
export function turnCredentials(
  secret: string,
  userId: string,
  expiresAt: Date,
): { username: string; credential: string } {
  // The separator coturn splits on (`rest-api-separator`, ':' by default).
  if (userId.includes(':')) throw new Error('a TURN user id must not contain ":"');
  const username = `${Math.floor(expiresAt.getTime() / 1000)}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

/**
 * The ICE servers one user's browser gets for a call: STUN as configured, TURN with credentials
 * of their own that end after the configured lifetime. The TURN secret itself never leaves here.
 */
export function iceServersFor(
  media: Pick<MediaConfig, 'stunUrls' | 'turn'>,
  userId: string,
  now = new Date(),
): IceServerList {
  const iceServers: IceServer[] = [];
  if (media.stunUrls.length > 0) iceServers.push({ urls: media.stunUrls });
  if (!media.turn) return { iceServers, expiresAt: undefined };
  // Whole seconds, as the user name carries them: the time given out is the time coturn enforces.
  const expiresAt = new Date((Math.floor(now.getTime() / 1000) + media.turn.ttlSeconds) * 1000);
  iceServers.push({ urls: media.turn.urls, ...turnCredentials(media.turn.secret, userId, expiresAt) });
  return { iceServers, expiresAt: expiresAt.toISOString() };
}
