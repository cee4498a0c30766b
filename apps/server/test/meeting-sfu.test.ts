import { randomUUID } from 'node:crypto';
import { type JoinMeetingResponse, type Meeting, type ServerFrame } from '@beseda/protocol';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JanusSfu } from '../src/infra/media/janus-sfu.js';
import { signedInAccount, type TestAccount } from './support/accounts.js';
import { chatClient, eventOf } from './support/chats.js';
import { startJanus, type TestJanus } from './support/janus.js';
import { isHello, openSocket, type TestSocket } from './support/socket.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { hasTool } from './support/tools.js';

/**
 * A browser's first SDP offer, sending audio: enough for Janus to answer. No ICE ever completes
 * (nothing listens at these credentials), so this checks the relaying, not media: real media
 * through the SFU is the browser tests' job.
 */
const offer = () => ({
  type: 'offer' as const,
  sdp: [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=msid-semantic: WMS s',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:Xb3d',
    'a=ice-pwd:pX5kq1s9u0yZ2w4v6t8r1n3m',
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).padStart(2, '0').toUpperCase()).join(':')}`,
    'a=setup:actpass',
    'a=mid:0',
    'a=sendonly',
    'a=msid:s a',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=ssrc:1001 cname:beseda-test',
    '',
  ].join('\r\n'),
});

describe.skipIf(!hasTool('janus'))('meetings through the Janus SFU (signaling relayed by the server)', () => {
  let janus: TestJanus;
  let server: TestServer;
  let observer: JanusSfu;
  const sockets: TestSocket[] = [];
  const { call } = chatClient(() => server);

  beforeAll(async () => {
    janus = await startJanus();
    server = await startTestServer({
      env: {
        JANUS_URL: janus.config.url,
        JANUS_ADMIN_KEY: janus.config.adminKey,
        JANUS_API_SECRET: janus.config.apiSecret!,
      },
    });
    // The test's own look into Janus: listing a room needs neither its secret nor its pin.
    observer = JanusSfu.start(janus.config, pino({ level: 'silent' }));
    await observer.ready();
  });

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await observer?.close();
    await server?.close();
    await janus?.stop();
  });

  async function person(): Promise<TestAccount & { socket: TestSocket }> {
    const account = await signedInAccount(server);
    const socket = await openSocket(server, { token: account.accessToken });
    await socket.next(isHello);
    sockets.push(socket);
    return { ...account, socket };
  }

  let counter = 0;
  async function command(socket: TestSocket, method: string, params: unknown) {
    const id = `sfu${++counter}`;
    socket.send({ type: 'request', id, method, params });
    return (await socket.next((frame) => frame.type === 'response' && frame.id === id)) as Extract<
      ServerFrame,
      { type: 'response' }
    >;
  }

  async function joined(account: TestAccount, meeting: Meeting) {
    const response = await call(account, 'POST', `/api/v1/meetings/${meeting.code}/join`, {});
    expect(response.status).toBe(200);
    return (await response.json()) as Extract<JoinMeetingResponse, { state: 'joined' }>;
  }

  it('publishes on behalf of a participant, kicks the removed, and closes the room when the meeting ends', async () => {
    const [host, anna, outsider] = [await person(), await person(), await person()];
    const meeting = (await (
      await call(host, 'POST', '/api/v1/meetings', { title: 'SFU' })
    ).json()) as Meeting;
    const h = await joined(host, meeting);
    const a = await joined(anna, meeting);

    const published = await command(anna.socket, 'meeting.sfu.publish', {
      meetingId: meeting.id,
      participantId: a.participantId,
      jsep: offer(),
    });
    expect(published.ok).toBe(true);
    const answer = (published.data as { jsep: { type: string; sdp: string } }).jsep;
    expect(answer.type).toBe('answer');
    expect(answer.sdp).toContain('a=fingerprint:');
    expect(answer.sdp).toContain('a=mid:0');
    expect(await observer.roomExists(meeting.id)).toBe(true);
    expect((await observer.listParticipants(meeting.id)).map((p) => p.participantId)).toEqual([
      a.participantId,
    ]);

    // Nobody publishes for someone else's stay, or from outside the meeting.
    for (const [socket, participantId] of [
      [outsider.socket, a.participantId],
      [host.socket, a.participantId],
      [outsider.socket, randomUUID()],
    ] as const) {
      const refused = await command(socket, 'meeting.sfu.publish', {
        meetingId: meeting.id,
        participantId,
        jsep: offer(),
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'meeting.participant_not_found' } });
    }
    // Subscribing before publishing has nothing to subscribe with.
    const early = await command(host.socket, 'meeting.sfu.subscribe', {
      meetingId: meeting.id,
      participantId: h.participantId,
      feeds: [{ participantId: a.participantId }],
    });
    expect(early).toMatchObject({ ok: false, error: { code: 'meeting.participant_not_found' } });

    // Removed: out of the Janus room at once.
    expect(
      (await call(host, 'DELETE', `/api/v1/meetings/${meeting.id}/participants/${a.participantId}`)).status,
    ).toBe(204);
    await vi.waitFor(async () => expect(await observer.listParticipants(meeting.id)).toEqual([]), {
      timeout: 10_000,
    });

    // The host publishes too; ending the meeting destroys the room.
    await command(host.socket, 'meeting.sfu.publish', {
      meetingId: meeting.id,
      participantId: h.participantId,
      jsep: offer(),
    });
    expect((await observer.listParticipants(meeting.id)).map((p) => p.participantId)).toEqual([
      h.participantId,
    ]);
    expect((await call(host, 'POST', `/api/v1/meetings/${meeting.id}/end`)).status).toBe(204);
    await vi.waitFor(async () => expect(await observer.roomExists(meeting.id)).toBe(false), {
      timeout: 10_000,
    });
  });

  it('takes three or more through the SFU, lets a stay leave it, and recovers from a Janus restart', async () => {
    const [host, anna, boris] = [await person(), await person(), await person()];
    const meeting = (await (
      await call(host, 'POST', '/api/v1/meetings', { title: 'SFU streams' })
    ).json()) as Meeting;
    const h = await joined(host, meeting);
    expect(h.live.topology).toBe('p2p');
    const a = await joined(anna, meeting);
    const b = await joined(boris, meeting);
    // With an SFU configured, a third person moves the meeting there (and no mesh limit applies).
    expect(b.live.topology).toBe('sfu');
    await host.socket.next(
      eventOf('meeting.state', (state) => state.meetingId === meeting.id && state.topology === 'sfu'),
    );

    const stay = (account: typeof host, participantId: string) => ({ socket: account.socket, participantId });
    const publish = (who: { socket: TestSocket; participantId: string }) =>
      command(who.socket, 'meeting.sfu.publish', {
        meetingId: meeting.id,
        participantId: who.participantId,
        jsep: offer(),
        descriptions: [{ mid: '0', description: 'camera' }],
      });
    // (What each received m-line carries needs real media, which Janus only lists once flowing:
    // the browser tests check it. Here: the relay's own rules.)
    expect((await publish(stay(anna, a.participantId))).ok).toBe(true);
    expect((await publish(stay(host, h.participantId))).ok).toBe(true);
    // Nothing to change: Janus is not asked (it refuses empty lists), and there is no offer.
    expect(
      await command(host.socket, 'meeting.sfu.subscribe', {
        meetingId: meeting.id,
        participantId: h.participantId,
      }),
    ).toMatchObject({ ok: true, data: { jsep: null, streams: [] } });

    // Leaving the SFU (the meeting went back to peer to peer) frees the seat in the room.
    expect(
      await command(host.socket, 'meeting.sfu.leave', {
        meetingId: meeting.id,
        participantId: h.participantId,
      }),
    ).toMatchObject({ ok: true });
    await vi.waitFor(
      async () =>
        expect((await observer.listParticipants(meeting.id)).map((p) => p.participantId)).toEqual([
          a.participantId,
        ]),
      { timeout: 10_000 },
    );
    // Someone else's stay cannot be taken out of the SFU.
    expect(
      await command(boris.socket, 'meeting.sfu.leave', {
        meetingId: meeting.id,
        participantId: a.participantId,
      }),
    ).toMatchObject({ ok: false, error: { code: 'meeting.participant_not_found' } });

    // Janus restarts: everyone publishing is told, and publishing again rebuilds the room.
    const closed = anna.socket.next(
      eventOf('meeting.sfu.closed', (data) => data.participantId === a.participantId),
    );
    await janus.restart();
    await closed;
    await vi.waitFor(async () => expect((await publish(stay(anna, a.participantId))).ok).toBe(true), {
      timeout: 15_000,
    });
    await vi.waitFor(
      async () =>
        expect((await observer.listParticipants(meeting.id)).map((p) => p.participantId)).toEqual([
          a.participantId,
        ]),
      { timeout: 10_000 },
    );
  });

  it('answers 503 when no SFU is configured', async () => {
    const plain = await startTestServer();
    try {
      const account = await signedInAccount(plain);
      const socket = await openSocket(plain, { token: account.accessToken });
      sockets.push(socket);
      await socket.next(isHello);
      const meeting = (await (
        await plain.request('/api/v1/meetings', {
          method: 'POST',
          headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'No SFU' }),
        })
      ).json()) as Meeting;
      const join = (await (
        await plain.request(`/api/v1/meetings/${meeting.id}/join`, {
          method: 'POST',
          headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json' },
          body: '{}',
        })
      ).json()) as Extract<JoinMeetingResponse, { state: 'joined' }>;
      const refused = await command(socket, 'meeting.sfu.publish', {
        meetingId: meeting.id,
        participantId: join.participantId,
        jsep: offer(),
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'service.unavailable' } });
    } finally {
      await plain.close();
    }
  });
});
