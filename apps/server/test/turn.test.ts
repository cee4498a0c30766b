import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iceServersFor, turnCredentials } from '../src/infra/media/turn-credentials.js';
import { startCoturn, type TestCoturn } from './support/coturn.js';
import { hasTool } from './support/tools.js';

const haveCoturn = hasTool('turnserver') && hasTool('turnutils_uclient');

describe.skipIf(!haveCoturn)('TURN credentials against the real coturn', () => {
  let coturn: TestCoturn;

  beforeAll(async () => {
    coturn = await startCoturn();
  });

  afterAll(async () => {
    await coturn?.stop();
  });

  it('relays for the credentials the server hands out', async () => {
    const { iceServers } = iceServersFor(
      { stunUrls: [], turn: { urls: [coturn.url], secret: coturn.secret, ttlSeconds: 600 } },
      'user-1',
    );
    const [turn] = iceServers;
    expect(turn).toMatchObject({ urls: [coturn.url], username: expect.stringMatching(/^\d+:user-1$/) });

    const result = await coturn.allocate({ username: turn!.username!, credential: turn!.credential! });
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/tot_recv_msgs=[1-9]/);
  });

  it('refuses credentials whose expiry has passed', async () => {
    const expired = turnCredentials(coturn.secret, 'user-1', new Date(Date.now() - 60_000));
    const result = await coturn.allocate(expired);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('Cannot complete Allocation');
  });

  it('refuses credentials made with another secret', async () => {
    const forged = turnCredentials(`${coturn.secret}x`, 'user-1', new Date(Date.now() + 600_000));
    const result = await coturn.allocate(forged);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('Cannot complete Allocation');
  });

  it('refuses a user name whose expiry was changed after signing', async () => {
    const fresh = turnCredentials(coturn.secret, 'user-1', new Date(Date.now() + 600_000));
    const stretched = {
      ...fresh,
      username: fresh.username.replace(/^\d+/, (t) => String(Number(t) + 86_400)),
    };
    const result = await coturn.allocate(stretched);
    expect(result.ok).toBe(false);
  });
});
