import { CloseCode, type ServerFrame } from '@beseda/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, json, login, signedInAccount, type TestAccount } from './support/accounts.js';
import { testBackend } from './support/backends.js';
import { isEvent, isHello, openSocket } from './support/socket.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let alice: TestAccount;
let bob: TestAccount;

beforeAll(async () => {
  server = await startTestServer();
  alice = await signedInAccount(server);
  bob = await signedInAccount(server);
});

afterAll(async () => {
  await server?.close();
});

const setAbout = (account: { accessToken: string }, about: string, connectionId?: string) =>
  server.request(
    '/api/v1/me',
    bearer(account.accessToken, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        ...(connectionId ? { 'x-connection-id': connectionId } : {}),
      },
      body: JSON.stringify({ about }),
    }),
  );

type EventFrame = Extract<ServerFrame, { type: 'event' }>;

const aboutEvent =
  (about: string) =>
  (frame: ServerFrame): frame is EventFrame =>
    isEvent(frame) && frame.event.type === 'me.updated' && frame.event.data.about === about;

describe('connecting', () => {
  it('authenticates with the first frame and answers hello', async () => {
    const socket = await openSocket(server, { token: alice.accessToken });
    const hello = await socket.next(isHello);
    expect(hello).toMatchObject({ resumed: false, seq: 0, serverVersion: expect.any(String) });
    expect(hello.connectionId).not.toBe(hello.streamId);
    await socket.close();
  });

  it('closes with 4001 on an invalid token and on a first frame that is not auth', async () => {
    const bad = await openSocket(server, { token: `${alice.accessToken}x` });
    expect((await bad.closed).code).toBe(CloseCode.authFailed);
    const early = await openSocket(server);
    early.send({ type: 'ping' });
    expect((await early.closed).code).toBe(CloseCode.authFailed);
  });

  it('closes with 4004 on a frame that is not of the protocol', async () => {
    const socket = await openSocket(server);
    socket.send('{not json');
    expect((await socket.closed).code).toBe(CloseCode.badFrame);
  });

  it('closes with 4002 when no auth frame comes', async () => {
    const socket = await openSocket(server);
    expect((await socket.closed).code).toBe(CloseCode.authTimeout);
  });

  it('answers ping with pong', async () => {
    const socket = await openSocket(server, { token: alice.accessToken });
    await socket.next(isHello);
    socket.send({ type: 'ping' });
    await socket.next((frame) => frame.type === 'pong');
    await socket.close();
  });
});

describe('events', () => {
  it("reach the user's other connections, not the one that made the change, and nobody else", async () => {
    const first = await openSocket(server, { token: alice.accessToken });
    const second = await openSocket(server, { token: alice.accessToken });
    const stranger = await openSocket(server, { token: bob.accessToken });
    const firstHello = await first.next(isHello);
    await second.next(isHello);
    await stranger.next(isHello);

    expect((await setAbout(alice, 'from the first tab', firstHello.connectionId)).status).toBe(200);
    const event = await second.next(aboutEvent('from the first tab'));
    expect(event.seq).toBe(1);

    // A later event proves the quiet connections had their chance to receive the first one.
    await setAbout(alice, 'marker');
    await first.next(aboutEvent('marker'));
    await stranger.ws.ping();
    expect(first.frames.some(aboutEvent('from the first tab'))).toBe(false);
    expect(stranger.frames.filter(isEvent)).toEqual([]);
    await Promise.all([first.close(), second.close(), stranger.close()]);
  });

  it('carry requests over the socket with exactly one response each', async () => {
    const socket = await openSocket(server, { token: alice.accessToken });
    const other = await openSocket(server, { token: alice.accessToken });
    await socket.next(isHello);
    await other.next(isHello);
    socket.send({ type: 'request', id: 'r1', method: 'me.status.set', params: { presence: 'away' } });
    const response = await socket.next((frame) => frame.type === 'response' && frame.id === 'r1');
    expect(response).toMatchObject({ ok: true, data: { presence: 'away' } });
    await other.next(
      (frame) => isEvent(frame) && frame.event.type === 'me.updated' && frame.event.data.presence === 'away',
    );

    socket.send({ type: 'request', id: 'r2', method: 'me.status.set', params: { presence: 'sleeping' } });
    socket.send({ type: 'request', id: 'r3', method: 'no.such.method', params: {} });
    expect(await socket.next((frame) => frame.type === 'response' && frame.id === 'r2')).toMatchObject({
      ok: false,
      error: { code: 'validation.failed' },
    });
    expect(await socket.next((frame) => frame.type === 'response' && frame.id === 'r3')).toMatchObject({
      ok: false,
      error: { code: 'route.not_found' },
    });
    expect(socket.frames.filter((frame) => frame.type === 'response')).toHaveLength(3);
    await Promise.all([socket.close(), other.close()]);
  });
});

describe('sessions', () => {
  it('close their sockets with 4003 when signed out elsewhere', async () => {
    const other = await login(server, alice.username, alice.password);
    const socket = await openSocket(server, { token: other.accessToken });
    await socket.next(isHello);
    const revoke = await server.request(
      `/api/v1/me/sessions/${other.sessionId}`,
      bearer(alice.accessToken, { method: 'DELETE' }),
    );
    expect(revoke.status).toBe(204);
    expect((await socket.closed).code).toBe(CloseCode.sessionRevoked);
  });

  it('close their sockets on logout', async () => {
    const other = await login(server, alice.username, alice.password);
    const socket = await openSocket(server, { token: other.accessToken });
    await socket.next(isHello);
    await server.request('/api/v1/auth/logout', json({ refreshToken: other.refreshToken }));
    expect((await socket.closed).code).toBe(CloseCode.sessionRevoked);
  });

  it('all close when the account is blocked; it cannot sign in until unblocked', async () => {
    // Alice registered first: she is the owner. Bob is a member.
    const carol = await signedInAccount(server);
    const phone = await login(server, carol.username, carol.password);
    const sockets = await Promise.all([
      openSocket(server, { token: carol.accessToken }),
      openSocket(server, { token: phone.accessToken }),
    ]);
    await Promise.all(sockets.map((socket) => socket.next(isHello)));
    const block = (by: TestAccount, id: string, method = 'PUT') =>
      server.request(`/api/v1/users/${id}/block`, bearer(by.accessToken, { method }));

    expect((await block(bob, carol.id)).status).toBe(403);
    expect((await block(alice, alice.id)).status).toBe(403);
    expect((await block(bob, alice.id)).status).toBe(403);
    expect(sockets.every((socket) => socket.ws.readyState === socket.ws.OPEN)).toBe(true);

    expect((await block(alice, carol.id)).status).toBe(204);
    for (const socket of sockets) expect((await socket.closed).code).toBe(CloseCode.sessionRevoked);
    const refused = await server.request('/api/v1/me', bearer(phone.accessToken));
    expect(refused.status).toBe(401);
    const signIn = await server.request(
      '/api/v1/auth/login',
      json({ login: carol.username, password: carol.password }),
    );
    expect(signIn.status).toBe(403);
    expect(((await signIn.json()) as { error: { code: string } }).error.code).toBe('auth.account_blocked');

    expect((await block(alice, carol.id, 'DELETE')).status).toBe(204);
    expect((await login(server, carol.username, carol.password)).accessToken).toBeTruthy();
  });

  it("accept a fresh token for the same session, and refuse someone else's", async () => {
    const socket = await openSocket(server, { token: alice.accessToken });
    await socket.next(isHello);
    const refreshed = await login(server, alice.username, alice.password);
    // A token of another session of the same user is not a re-authentication of this one.
    socket.send({ type: 'reauth', token: refreshed.accessToken });
    expect((await socket.closed).code).toBe(CloseCode.authFailed);
  });
});

describe('resuming', () => {
  it('replays the events missed while disconnected, in order, without a gap', async () => {
    const socket = await openSocket(server, { token: bob.accessToken });
    const hello = await socket.next(isHello);
    const other = await openSocket(server, { token: bob.accessToken });
    await other.next(isHello);
    await setAbout(bob, 'seen live');
    const seen = await socket.next(aboutEvent('seen live'));
    await socket.close();

    await setAbout(bob, 'missed one');
    await setAbout(bob, 'missed two');
    await other.next(aboutEvent('missed two'));

    const resumed = await openSocket(server, {
      token: bob.accessToken,
      resume: { streamId: hello.streamId, lastSeq: seen.seq },
    });
    const again = await resumed.next(isHello);
    expect(again).toMatchObject({ resumed: true, streamId: hello.streamId, seq: seen.seq });
    await resumed.next(aboutEvent('missed two'));
    const replayed = resumed.frames
      .filter(isEvent)
      .map((frame) => [frame.seq, frame.event.type === 'me.updated' && frame.event.data.about]);
    expect(replayed).toEqual([
      [seen.seq + 1, 'missed one'],
      [seen.seq + 2, 'missed two'],
    ]);
    await setAbout(bob, 'live again');
    expect((await resumed.next(aboutEvent('live again'))).seq).toBe(seen.seq + 3);
    await Promise.all([resumed.close(), other.close()]);
  });

  it("tells the client to resync for an unknown stream or someone else's", async () => {
    const unknown = await openSocket(server, {
      token: alice.accessToken,
      resume: { streamId: '0192f0c8-0000-7000-8000-000000000000', lastSeq: 3 },
    });
    expect(await unknown.next(isHello)).toMatchObject({ resumed: false });
    expect(await unknown.next((frame) => frame.type === 'resync')).toMatchObject({ reason: 'expired' });

    const bobs = await openSocket(server, { token: bob.accessToken });
    const bobHello = await bobs.next(isHello);
    const thief = await openSocket(server, {
      token: alice.accessToken,
      resume: { streamId: bobHello.streamId, lastSeq: 0 },
    });
    expect(await thief.next((frame) => frame.type === 'resync')).toMatchObject({ reason: 'not_yours' });
    expect(bobs.ws.readyState).toBe(bobs.ws.OPEN);
    await Promise.all([unknown.close(), bobs.close(), thief.close()]);
  });

  it.runIf(testBackend === 'real')('works on another node, which takes the stream over', async () => {
    const nodeB = await startTestServer({ sameBackendAs: server });
    try {
      const socket = await openSocket(server, { token: alice.accessToken });
      const hello = await socket.next(isHello);
      await socket.close();
      await setAbout(alice, 'while moving nodes');

      const moved = await openSocket(nodeB, {
        token: alice.accessToken,
        resume: { streamId: hello.streamId, lastSeq: 0 },
      });
      expect(await moved.next(isHello)).toMatchObject({ resumed: true });
      expect((await moved.next(aboutEvent('while moving nodes'))).seq).toBe(1);
      // Node A gave the stream up: events now come through node B, numbered on.
      await setAbout(alice, 'after the move');
      expect((await moved.next(aboutEvent('after the move'))).seq).toBe(2);
      await moved.close();
    } finally {
      await nodeB.close();
    }
  });
});
