import { CloseCode, type ServerFrame } from '@beseda/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildMe } from '../test/factories';
import { backoffDelay } from './backoff';
import { RealtimeConnection, type RealtimeConnectionOptions, realtimeUrl } from './connection';
import { isRealtimeRequestError, RealtimeErrorCode } from './pending-requests';
import {
  CONNECTION_ID,
  type FakeSocket,
  fakeSession,
  fakeSockets,
  hello,
  STREAM_ID,
} from './testing/fake-socket';

const URL = 'wss://chat.example.org/api/v1/ws';

function meUpdated(seq: number, about: string): ServerFrame {
  return { type: 'event', seq, event: { type: 'me.updated', data: buildMe({ about }) } };
}

let connection: RealtimeConnection | undefined;

/** A started connection over fake sockets, with the jitter pinned to the middle of each window. */
function connect(options: Partial<RealtimeConnectionOptions> = {}) {
  const sockets = fakeSockets();
  const session = fakeSession();
  let wake = () => undefined as void;
  connection = new RealtimeConnection({
    url: URL,
    auth: session.auth,
    createSocket: sockets.create,
    random: () => 0.5,
    wakeups: (callback) => {
      wake = callback;
      return () => undefined;
    },
    ...options,
  });
  connection.start();
  return { connection, sockets, session, wake: () => wake() };
}

function goOnline(socket: FakeSocket, frame: ServerFrame = hello()) {
  socket.accept();
  socket.receive(frame);
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  connection?.stop();
  connection = undefined;
});

describe('connecting', () => {
  it('builds the socket URL from the page location, with wss under https', () => {
    expect(realtimeUrl({ protocol: 'https:', host: 'chat.example.org' })).toBe(URL);
    expect(realtimeUrl({ protocol: 'http:', host: 'localhost:3000' })).toBe('ws://localhost:3000/api/v1/ws');
  });

  it('authenticates with the first frame and never puts the token in the URL', () => {
    const { sockets, connection } = connect();
    const socket = sockets.latest();
    expect(connection.status).toBe('connecting');
    expect(socket.url).toBe(URL);
    expect(socket.url).not.toContain('token');

    socket.accept();

    expect(socket.sent).toEqual([{ type: 'auth', token: 'token-1' }]);
  });

  it('goes online with the connection id from hello', () => {
    const { sockets, connection } = connect();
    const statuses: string[] = [];
    connection.onStatusChange(() => statuses.push(connection.status));
    expect(connection.connectionId).toBeNull();

    goOnline(sockets.latest());

    expect(connection.status).toBe('online');
    expect(connection.connectionId).toBe(CONNECTION_ID);
    expect(statuses).toEqual(['online']);
  });

  it('gives up a socket that does not say hello in time, and tries again', async () => {
    const { sockets, connection } = connect({ helloTimeoutMs: 10_000 });
    sockets.latest().accept();

    await vi.advanceTimersByTimeAsync(10_000);

    expect(sockets.sockets[0]?.closedByClient).not.toBeNull();
    expect(connection.status).toBe('offline');
    await vi.advanceTimersByTimeAsync(250);
    expect(sockets.sockets).toHaveLength(2);
  });

  it('waits for a token when the session has none, and connects when one arrives', () => {
    const { sockets, session, connection } = connect();
    sockets.latest().accept();
    sockets.latest().drop(1006);
    session.auth.signOut();
    vi.advanceTimersByTime(60_000);
    expect(sockets.sockets).toHaveLength(1);
    expect(connection.status).toBe('offline');

    session.renew('token-fresh');

    expect(sockets.sockets).toHaveLength(2);
    sockets.latest().accept();
    expect(sockets.latest().sent[0]).toMatchObject({ type: 'auth', token: 'token-fresh' });
  });
});

describe('events', () => {
  it('reach the handlers of their type, in order, until they unsubscribe', () => {
    const { sockets, connection } = connect();
    goOnline(sockets.latest());
    const seen: string[] = [];
    const unsubscribe = connection.on('me.updated', (me, event) => seen.push(`${me.about}:${event.type}`));
    const otherType = vi.fn();
    connection.on('chat.removed', otherType);

    sockets.latest().receive(meUpdated(1, 'first'));
    sockets.latest().receive(meUpdated(2, 'second'));
    unsubscribe();
    sockets.latest().receive(meUpdated(3, 'third'));

    expect(seen).toEqual(['first:me.updated', 'second:me.updated']);
    expect(otherType).not.toHaveBeenCalled();
  });

  it('keep flowing to other handlers when one throws, which is reported', () => {
    const reportError = vi.fn();
    vi.stubGlobal('reportError', reportError);
    const { sockets, connection } = connect();
    goOnline(sockets.latest());
    const failure = new Error('handler bug');
    connection.on('me.updated', () => {
      throw failure;
    });
    const healthy = vi.fn();
    connection.on('me.updated', healthy);

    sockets.latest().receive(meUpdated(1, 'x'));

    expect(healthy).toHaveBeenCalledOnce();
    expect(reportError).toHaveBeenCalledWith(failure);
    expect(connection.status).toBe('online');
  });

  it('ignore a replayed duplicate, and frames that are not of the protocol', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { sockets, connection } = connect();
    goOnline(sockets.latest());
    const handler = vi.fn();
    connection.on('me.updated', handler);

    sockets.latest().receive(meUpdated(1, 'once'));
    sockets.latest().receive(meUpdated(1, 'once'));
    sockets.latest().receive('{not json');
    sockets.latest().receive(JSON.stringify({ type: 'event', seq: 2, event: { type: 'from.the.future' } }));
    sockets.latest().receive(meUpdated(3, 'after the unknown one'));

    expect(handler.mock.calls.map(([me]) => me.about)).toEqual(['once', 'after the unknown one']);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(sockets.sockets).toHaveLength(1);
  });
});

describe('resync', () => {
  it('is signalled when the server cannot resume the stream', () => {
    const { sockets, connection } = connect();
    const onResync = vi.fn();
    connection.onResync(onResync);
    goOnline(sockets.latest());

    sockets.latest().receive({ type: 'resync', reason: 'expired' });

    expect(onResync).toHaveBeenCalledWith('expired');
  });

  it('follows an event gap: first a resume from the last seq, then a signal if the gap remains', () => {
    const { sockets, connection } = connect();
    const onResync = vi.fn();
    const handler = vi.fn();
    connection.onResync(onResync);
    connection.on('me.updated', handler);
    goOnline(sockets.latest());
    sockets.latest().receive(meUpdated(1, 'one'));

    sockets.latest().receive(meUpdated(3, 'three'));

    expect(handler).toHaveBeenCalledOnce();
    expect(sockets.sockets[0]?.closedByClient).not.toBeNull();
    const retry = sockets.latest();
    expect(sockets.sockets).toHaveLength(2);
    retry.accept();
    expect(retry.sent[0]).toEqual({
      type: 'auth',
      token: 'token-1',
      resume: { streamId: STREAM_ID, lastSeq: 1 },
    });
    expect(onResync).not.toHaveBeenCalled();

    // The replay still skips seq 2: the event is taken, and the state must be reloaded.
    retry.receive(hello({ resumed: true, seq: 1 }));
    retry.receive(meUpdated(3, 'three'));

    expect(onResync).toHaveBeenCalledWith('gap');
    expect(handler.mock.calls.map(([me]) => me.about)).toEqual(['one', 'three']);
    expect(sockets.sockets).toHaveLength(2);
  });
});

describe('reconnecting', () => {
  it('draws each delay with full jitter from a window that doubles up to the cap', () => {
    const policy = { baseMs: 500, capMs: 30_000 };
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, policy, () => 0.5))).toEqual([
      250, 500, 1000, 2000,
    ]);
    expect(backoffDelay(20, policy, () => 0.999)).toBe(29_970);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it('backs off with jitter after a drop and resumes from the last seq it processed', async () => {
    const random = vi.fn(() => 0.5);
    const { sockets, connection } = connect({ random });
    goOnline(sockets.latest());
    sockets.latest().receive(meUpdated(1, 'one'));
    sockets.latest().receive(meUpdated(2, 'two'));

    sockets.latest().drop(1006);
    expect(connection.status).toBe('offline');
    expect(connection.connectionId).toBeNull();
    await vi.advanceTimersByTimeAsync(249);
    expect(sockets.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets.sockets).toHaveLength(2);
    expect(random).toHaveBeenCalledOnce();

    // The server is still down: the window doubles.
    sockets.latest().drop(1006);
    await vi.advanceTimersByTimeAsync(499);
    expect(sockets.sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets.sockets).toHaveLength(3);

    sockets.latest().accept();
    expect(sockets.latest().sent[0]).toEqual({
      type: 'auth',
      token: 'token-1',
      resume: { streamId: STREAM_ID, lastSeq: 2 },
    });
    sockets.latest().receive(hello({ resumed: true, seq: 2 }));
    expect(connection.status).toBe('online');

    // Back online, the next drop starts again from the smallest window.
    sockets.latest().drop(1001);
    await vi.advanceTimersByTimeAsync(250);
    expect(sockets.sockets).toHaveLength(4);
  });

  it('reconnects on 1011, 1013 and 4000 too, and after 4000 starts a new stream and signals resync', async () => {
    const { sockets, connection } = connect();
    const onResync = vi.fn();
    connection.onResync(onResync);
    goOnline(sockets.latest());
    sockets.latest().receive(meUpdated(1, 'one'));

    for (const code of [1011, 1013]) {
      sockets.latest().drop(code);
      await vi.advanceTimersByTimeAsync(250);
      sockets.latest().accept();
      expect(sockets.latest().sent[0]).toMatchObject({ resume: { streamId: STREAM_ID, lastSeq: 1 } });
      sockets.latest().receive(hello({ resumed: true, seq: 1 }));
    }

    sockets.latest().drop(4000, 'resumed elsewhere');
    await vi.advanceTimersByTimeAsync(250);
    sockets.latest().accept();
    expect(sockets.latest().sent[0]).toEqual({ type: 'auth', token: 'token-1' });
    expect(onResync).not.toHaveBeenCalled();
    sockets.latest().receive(hello({ streamId: crypto.randomUUID(), seq: 0 }));
    expect(onResync).toHaveBeenCalledWith('new_stream');
  });

  it('retries at once when the browser is back online or the tab becomes visible', () => {
    const { sockets } = connect({ wakeups: undefined });
    sockets.latest().drop(1006);
    expect(sockets.sockets).toHaveLength(1);

    window.dispatchEvent(new Event('online'));
    expect(sockets.sockets).toHaveLength(2);

    sockets.latest().drop(1006);
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(sockets.sockets).toHaveLength(3);

    // Connected already: nothing to do.
    window.dispatchEvent(new Event('online'));
    expect(sockets.sockets).toHaveLength(3);
  });

  it('stops for good when stopped', async () => {
    const { sockets, connection } = connect();
    goOnline(sockets.latest());

    connection.stop();

    expect(sockets.latest().closedByClient).toEqual({ code: 1000, reason: 'stopped' });
    expect(connection.status).toBe('offline');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sockets.sockets).toHaveLength(1);
  });
});

describe('heartbeat', () => {
  it('pings at the interval from hello and reconnects when nothing arrives for two intervals', async () => {
    const { sockets, connection } = connect();
    const socket = sockets.latest();
    goOnline(socket, hello({ heartbeatIntervalMs: 10_000 }));

    await vi.advanceTimersByTimeAsync(10_000);
    expect(socket.sentOf('ping')).toHaveLength(1);
    socket.receive({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(socket.sentOf('ping')).toHaveLength(2);
    expect(connection.status).toBe('online');

    // No pong, no event: the last frame was the pong 10 s in, so the connection is dead at 30 s.
    await vi.advanceTimersByTimeAsync(9_999);
    expect(connection.status).toBe('online');
    await vi.advanceTimersByTimeAsync(1);
    expect(connection.status).toBe('offline');
    expect(socket.closedByClient).toEqual({ code: 1000, reason: 'heartbeat timeout' });

    await vi.advanceTimersByTimeAsync(250);
    expect(sockets.sockets).toHaveLength(2);
  });
});

describe('authentication', () => {
  it('signs out and does not reconnect when the session is revoked (4003)', async () => {
    const { sockets, session, connection } = connect();
    goOnline(sockets.latest());

    sockets.latest().drop(CloseCode.sessionRevoked, 'session signed out');

    expect(session.auth.signOut).toHaveBeenCalledOnce();
    expect(connection.status).toBe('offline');
    session.renew('token-after-revocation');
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sockets.sockets).toHaveLength(1);
  });

  it('renews the token once on 4001 and reconnects with the fresh one', async () => {
    const { sockets, session } = connect();
    goOnline(sockets.latest());

    sockets.latest().drop(CloseCode.authFailed, 'access token expired');
    await vi.advanceTimersByTimeAsync(0);

    expect(session.auth.refresh).toHaveBeenCalledOnce();
    expect(sockets.sockets).toHaveLength(2);
    sockets.latest().accept();
    expect(sockets.latest().sent[0]).toMatchObject({
      type: 'auth',
      token: 'token-2',
      resume: { lastSeq: 0 },
    });
  });

  it('does not renew again when the fresh token is refused too, and waits for the next one', async () => {
    const { sockets, session, connection } = connect();
    sockets.latest().accept();
    sockets.latest().drop(CloseCode.authFailed);
    await vi.advanceTimersByTimeAsync(0);
    sockets.latest().accept();

    sockets.latest().drop(CloseCode.authFailed);
    await vi.advanceTimersByTimeAsync(120_000);

    expect(session.auth.refresh).toHaveBeenCalledOnce();
    expect(sockets.sockets).toHaveLength(2);
    expect(connection.status).toBe('offline');

    session.renew('token-from-the-session');
    expect(sockets.sockets).toHaveLength(3);
  });

  it('retries with backoff when the renewal could not reach the server', async () => {
    const { sockets, session } = connect();
    session.auth.refresh.mockResolvedValueOnce(false);
    sockets.latest().accept();

    sockets.latest().drop(CloseCode.authFailed);
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(250);
    expect(sockets.sockets).toHaveLength(2);
  });

  it('sends the token the session renewed as reauth, before the old one expires', () => {
    const { sockets, session } = connect();
    goOnline(sockets.latest());

    session.renew('token-renewed');

    expect(sockets.latest().sentOf('reauth')).toEqual([{ type: 'reauth', token: 'token-renewed' }]);
  });

  it('asks the session for a renewal itself when expiry nears and none came', async () => {
    const { sockets, session } = connect({ reauthAheadMs: 30_000 });
    // Heartbeats far apart, so the quiet test socket is not taken for dead first.
    goOnline(sockets.latest(), hello({ heartbeatIntervalMs: 3_600_000 }));

    await vi.advanceTimersByTimeAsync(600_000 - 30_000 - 1);
    expect(session.auth.refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);

    expect(session.auth.refresh).toHaveBeenCalledOnce();
    expect(sockets.latest().sentOf('reauth')).toEqual([{ type: 'reauth', token: 'token-2' }]);
    expect(sockets.sockets).toHaveLength(1);
  });

  it('reauthenticates right after hello when the token changed during the handshake', () => {
    const { sockets, session } = connect();
    sockets.latest().accept();
    session.renew('token-during-handshake');

    sockets.latest().receive(hello());

    expect(sockets.latest().sentOf('reauth')).toEqual([{ type: 'reauth', token: 'token-during-handshake' }]);
  });
});

describe('requests', () => {
  it('resolve with the data of the response that carries their id', async () => {
    const { sockets, connection } = connect();
    goOnline(sockets.latest());

    const first = connection.request('me.status.set', { presence: 'away' });
    const second = connection.request('me.status.set', { presence: 'busy' });
    const [a, b] = sockets.latest().sentOf('request');
    expect(a).toMatchObject({ method: 'me.status.set', params: { presence: 'away' } });
    expect(a?.id).not.toBe(b?.id);
    sockets.latest().receive({ type: 'response', id: b!.id, ok: true, data: { presence: 'busy' } });
    sockets.latest().receive({ type: 'response', id: a!.id, ok: true, data: { presence: 'away' } });

    expect(await first).toEqual({ presence: 'away' });
    expect(await second).toEqual({ presence: 'busy' });
  });

  it('parse the data with a schema when given one', async () => {
    const { sockets, connection } = connect();
    goOnline(sockets.latest());
    const schema = { parse: (data: unknown) => ({ parsed: data }) };

    const result = connection.request('me.status.set', {}, schema);
    const [sent] = sockets.latest().sentOf('request');
    sockets.latest().receive({ type: 'response', id: sent!.id, ok: true, data: 1 });

    expect(await result).toEqual({ parsed: 1 });
  });

  it('reject with the server error code when the response is not ok', async () => {
    const { sockets, connection } = connect();
    goOnline(sockets.latest());

    const result = connection.request('no.such.method', {});
    const [sent] = sockets.latest().sentOf('request');
    sockets.latest().receive({
      type: 'response',
      id: sent!.id,
      ok: false,
      error: { code: 'route.not_found', message: 'Unknown method no.such.method' },
    });

    await expect(result).rejects.toMatchObject({ code: 'route.not_found', name: 'RealtimeRequestError' });
  });

  it('reject when the socket drops before the response, and at once while offline', async () => {
    const { sockets, connection } = connect();
    goOnline(sockets.latest());

    const pending = connection.request('me.status.set', { presence: 'away' });
    sockets.latest().drop(1006);

    const error: unknown = await pending.catch((caught: unknown) => caught);
    expect(isRealtimeRequestError(error) && error.code).toBe(RealtimeErrorCode.disconnected);
    await expect(connection.request('me.status.set', {})).rejects.toMatchObject({
      code: RealtimeErrorCode.offline,
    });
  });
});
