import { type JoinMeetingResponse, type Meeting, type ServerFrame } from '@beseda/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iceServersFor, turnCredentials } from '../src/infra/media/turn-credentials.js';
import { signedInAccount } from './support/accounts.js';
import { chatClient } from './support/chats.js';
import { startCoturn, type TestCoturn } from './support/coturn.js';
import { isHello, openSocket, type TestSocket } from './support/socket.js';
import { startTestServer } from './support/test-server.js';
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

  it('hands a meeting participant credentials, and fresh ones during a long call, that coturn accepts', async () => {
    const server = await startTestServer({
      env: { TURN_URLS: coturn.url, TURN_SECRET: coturn.secret, TURN_TTL_SECONDS: '600' },
    });
    const sockets: TestSocket[] = [];
    try {
      const { call } = chatClient(() => server);
      const [host, other] = [await signedInAccount(server), await signedInAccount(server)];
      const meeting = (await (
        await call(host, 'POST', '/api/v1/meetings', { title: 'TURN' })
      ).json()) as Meeting;
      const joined = (await (
        await call(host, 'POST', `/api/v1/meetings/${meeting.code}/join`, {})
      ).json()) as Extract<JoinMeetingResponse, { state: 'joined' }>;
      const expiresIn = new Date(joined.iceServersExpireAt!).getTime() - Date.now();
      expect(expiresIn).toBeGreaterThan(590_000);
      expect(expiresIn).toBeLessThanOrEqual(600_000);
      const first = joined.iceServers.find((server) => server.urls.includes(coturn.url))!;
      expect((await coturn.allocate({ username: first.username!, credential: first.credential! })).ok).toBe(
        true,
      );

      let counter = 0;
      const command = async (socket: TestSocket, params: unknown) => {
        const id = `ice${++counter}`;
        socket.send({ type: 'request', id, method: 'meeting.ice_servers', params });
        return (await socket.next((frame) => frame.type === 'response' && frame.id === id)) as Extract<
          ServerFrame,
          { type: 'response' }
        >;
      };
      for (const account of [host, other]) {
        const socket = await openSocket(server, { token: account.accessToken });
        await socket.next(isHello);
        sockets.push(socket);
      }
      const stay = { meetingId: meeting.id, participantId: joined.participantId };
      const renewed = await command(sockets[0]!, stay);
      expect(renewed.ok).toBe(true);
      const list = renewed.data as { iceServers: typeof joined.iceServers; expiresAt: string };
      const fresh = list.iceServers.find((server) => server.urls.includes(coturn.url))!;
      expect(new Date(list.expiresAt).getTime()).toBeGreaterThanOrEqual(
        new Date(joined.iceServersExpireAt!).getTime(),
      );
      expect((await coturn.allocate({ username: fresh.username!, credential: fresh.credential! })).ok).toBe(
        true,
      );
      // Nobody gets credentials through someone else's stay.
      expect(await command(sockets[1]!, stay)).toMatchObject({
        ok: false,
        error: { code: 'meeting.participant_not_found' },
      });
    } finally {
      await Promise.all(sockets.map((socket) => socket.close()));
      await server.close();
    }
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
