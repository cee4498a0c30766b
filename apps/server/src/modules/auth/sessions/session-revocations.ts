import { Injectable } from '@nestjs/common';
import { Bus, KeyValueStore } from '../../../infra/bus/bus.js';
import { ACCESS_TOKEN_TTL_SECONDS } from '../tokens/access-tokens.js';

/** Bus channel on which revocations are announced, for the realtime layer to close sockets. */
export const SESSION_REVOKED_CHANNEL = 'sessions.revoked';

export interface SessionRevokedEvent {
  userId: string;
  sessionIds: string[];
  reason: string;
}

/**
 * Makes a revocation take effect at once on every node: access tokens of a revoked session are
 * refused from the next request (a marker in the shared store, kept as long as such a token can
 * live), and the revocation is published so live connections of the session can be closed.
 */
@Injectable()
export class SessionRevocations {
  constructor(
    private readonly store: KeyValueStore,
    private readonly bus: Bus,
  ) {}

  async announce(event: SessionRevokedEvent): Promise<void> {
    if (event.sessionIds.length === 0) return;
    await Promise.all(
      event.sessionIds.map((id) =>
        this.store.set(`session-revoked:${id}`, '1', { ttlMs: (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000 }),
      ),
    );
    await this.bus.publish(SESSION_REVOKED_CHANNEL, JSON.stringify(event));
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.store.get(`session-revoked:${sessionId}`)) !== null;
  }

  /** Subscribes to revocations from every node (the realtime layer closes sockets with it). */
  onRevoked(handler: (event: SessionRevokedEvent) => void): Promise<() => Promise<void>> {
    return this.bus.subscribe(SESSION_REVOKED_CHANNEL, (message) =>
      handler(JSON.parse(message) as SessionRevokedEvent),
    );
  }
}
