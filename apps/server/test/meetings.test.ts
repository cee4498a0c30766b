import { randomUUID } from 'node:crypto';
import {
  type Attendance,
  type Chat,
  type JoinMeetingResponse,
  MEETING_CODE_PATTERN,
  type Meeting,
  type ServerFrame,
} from '@beseda/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { signedInAccount, type TestAccount } from './support/accounts.js';
import { chatClient, errorCode, eventOf } from './support/chats.js';
import { isHello, openSocket, type TestSocket } from './support/socket.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
/** A second installation with short heartbeats, for the sweep and for the rate limits. */
let quick: TestServer;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ env: { MEETING_MESH_LIMIT: '3' } });
  quick = await startTestServer({ env: { MEETING_HEARTBEAT_MS: '300' } });
});

afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.close()));
  await Promise.all([server?.close(), quick?.close()]);
});

type Person = TestAccount & { socket: TestSocket };

/**
 * The calls of this file against one server. People are made once per server and reused by
 * the tests (registrations are rate limited per address); each test looks only at its own meetings.
 */
function meetingsOn(target: () => TestServer) {
  const { call, send, history } = chatClient(target);
  const pool: Person[] = [];
  let used = 0;

  async function person({ fresh = false } = {}): Promise<Person> {
    if (!fresh && used < pool.length) return pool[used++]!;
    const account = await signedInAccount(target());
    const socket = await openSocket(target(), { token: account.accessToken });
    await socket.next(isHello);
    sockets.push(socket);
    pool.push({ ...account, socket });
    used++;
    return pool.at(-1)!;
  }

  return {
    call,
    send,
    history,
    person,
    /** The next test starts again from the first person. */
    reusePeople: () => {
      used = 0;
    },

    async createMeeting(host: TestAccount, body: Record<string, unknown> = {}): Promise<Meeting> {
      const response = await call(host, 'POST', '/api/v1/meetings', { title: 'Planning', ...body });
      expect(response.status).toBe(201);
      return (await response.json()) as Meeting;
    },

    join(account: TestAccount, ref: string, body: Record<string, unknown> = {}) {
      return call(account, 'POST', `/api/v1/meetings/${ref}/join`, { device: 'test', ...body });
    },

    async joined(account: TestAccount, ref: string, body: Record<string, unknown> = {}) {
      const response = await call(account, 'POST', `/api/v1/meetings/${ref}/join`, {
        device: 'test',
        ...body,
      });
      expect(response.status).toBe(200);
      const result = (await response.json()) as JoinMeetingResponse;
      expect(result.state).toBe('joined');
      return result as Extract<JoinMeetingResponse, { state: 'joined' }>;
    },
  };
}

const main = meetingsOn(() => server);
const { call, send, history, person, createMeeting, join, joined } = main;
beforeEach(() => main.reusePeople());

let requestCounter = 0;
async function command(socket: TestSocket, method: string, params: unknown) {
  const id = `c${++requestCounter}`;
  socket.send({ type: 'request', id, method, params });
  return (await socket.next((frame) => frame.type === 'response' && frame.id === id)) as Extract<
    ServerFrame,
    { type: 'response' }
  >;
}

const stateOf = (meetingId: string, check: (ids: string[]) => boolean) =>
  eventOf(
    'meeting.state',
    (data) => data.meetingId === meetingId && check(data.participants.map((p) => p.id)),
  );

describe('meetings as objects', () => {
  it('gets a code, a link and its own chat with the invitees in it', async () => {
    const host = await person();
    const invitee = await person();
    const meeting = await createMeeting(host, {
      invitees: [invitee.id],
      access: 'code',
      passcode: 'tea-time',
    });
    expect(meeting.code).toMatch(MEETING_CODE_PATTERN);
    expect(meeting.url).toBe(`${server.config.publicUrl}/m/${meeting.code}`);
    expect(meeting).toMatchObject({ status: 'scheduled', hostId: host.id, invitees: [invitee.id] });
    expect(meeting.passcode).toBe('tea-time');

    const seen = (await (
      await call(invitee, 'GET', `/api/v1/meetings/${meeting.code.toUpperCase()}`)
    ).json()) as Meeting;
    expect(seen.id).toBe(meeting.id);
    expect(seen.passcode).toBeNull();
    expect(seen.hasPasscode).toBe(true);

    const ics = await call(invitee, 'GET', `/api/v1/meetings/${meeting.id}/calendar.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    const calendar = await ics.text();
    expect(calendar).toContain('BEGIN:VEVENT');
    expect(calendar).toContain(meeting.url);
    expect(calendar).not.toContain('tea-time');

    const chat = (await (await call(invitee, 'GET', `/api/v1/chats/${meeting.chatId}`)).json()) as Chat;
    expect(chat).toMatchObject({ type: 'meeting', name: 'Planning', memberCount: 2, meetingId: meeting.id });
    await invitee.socket.next(
      eventOf('chat.created', (data) => data.id === meeting.chatId && data.meetingId === meeting.id),
    );
  });

  it('started from a chat invites its members; nobody outside the chat can start one from it', async () => {
    const [anna, boris, outsider] = [await person(), await person(), await person()];
    const team = (await (
      await call(anna, 'POST', '/api/v1/chats', { type: 'group', memberIds: [boris.id] })
    ).json()) as Chat;
    const meeting = await createMeeting(anna, { chatId: team.id });
    expect(meeting.invitees).toEqual([boris.id]);
    expect(meeting.originChatId).toBe(team.id);
    // The meeting's chat links back to its meeting; the chat it was started from does not.
    const { items } = (await (await call(boris, 'GET', '/api/v1/chats')).json()) as { items: Chat[] };
    expect(items.find((chat) => chat.id === meeting.chatId)?.meetingId).toBe(meeting.id);
    expect(items.find((chat) => chat.id === team.id)).not.toHaveProperty('meetingId');
    // The chat gets the link.
    expect((await history(boris, team.id)).map((m) => m.text)).toContain(`📹 Planning\n${meeting.url}`);
    const refused = await call(outsider, 'POST', '/api/v1/meetings', { title: 'x', chatId: team.id });
    expect(refused.status).toBe(404);
  });

  it('is hidden from people it does not concern, and only its hosts change it', async () => {
    const host = await person();
    const stranger = await person();
    const meeting = await createMeeting(host, { access: 'invitees' });
    for (const [method, path, body] of [
      ['GET', `/api/v1/meetings/${meeting.id}`, undefined],
      ['GET', `/api/v1/meetings/${meeting.code}`, undefined],
      ['PATCH', `/api/v1/meetings/${meeting.id}`, { title: 'Mine now' }],
      ['DELETE', `/api/v1/meetings/${meeting.id}`, undefined],
      ['GET', `/api/v1/meetings/${meeting.id}/attendance`, undefined],
      ['GET', `/api/v1/meetings/${meeting.id}/lobby`, undefined],
      ['POST', `/api/v1/meetings/${meeting.id}/end`, undefined],
      ['GET', `/api/v1/meetings/${randomUUID()}`, undefined],
    ] as const) {
      const response = await call(stranger, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await errorCode(response)).toBe('meeting.not_found');
    }
    const org = await createMeeting(host, { access: 'organisation' });
    const edit = await call(stranger, 'PATCH', `/api/v1/meetings/${org.id}`, { title: 'Mine now' });
    expect(edit.status).toBe(403);
    expect(await errorCode(edit)).toBe('meeting.host_only');
    expect(((await (await call(host, 'GET', `/api/v1/meetings/${org.id}`)).json()) as Meeting).title).toBe(
      'Planning',
    );
  });

  it('lists upcoming meetings soonest first, and cancelled ones under past', async () => {
    const host = await person({ fresh: true });
    const later = await createMeeting(host, { title: 'Later', startsAt: '2031-01-02T10:00:00Z' });
    const sooner = await createMeeting(host, { title: 'Sooner', startsAt: '2031-01-01T10:00:00+03:00' });
    const cancelled = await createMeeting(host, { title: 'Off', startsAt: '2031-01-03T10:00:00Z' });
    expect((await call(host, 'DELETE', `/api/v1/meetings/${cancelled.id}`)).status).toBe(204);
    const upcoming = (await (await call(host, 'GET', '/api/v1/meetings?when=upcoming&limit=1')).json()) as {
      items: Meeting[];
      nextCursor: string | null;
    };
    expect(upcoming.items.map((m) => m.id)).toEqual([sooner.id]);
    const rest = (await (
      await call(host, 'GET', `/api/v1/meetings?when=upcoming&cursor=${upcoming.nextCursor}`)
    ).json()) as { items: Meeting[] };
    expect(rest.items.map((m) => m.id)).toEqual([later.id]);
    const past = (await (await call(host, 'GET', '/api/v1/meetings?when=past')).json()) as {
      items: Meeting[];
    };
    expect(past.items.map((m) => [m.id, m.status])).toEqual([[cancelled.id, 'cancelled']]);
    const joinCancelled = await join(host, cancelled.code);
    expect(joinCancelled.status).toBe(409);
    expect(await errorCode(joinCancelled)).toBe('meeting.closed');
  });

  it('a recurring meeting that ends is scheduled again for its next occurrence', async () => {
    const host = await person();
    const weekly = await createMeeting(host, { recurrence: 'weekly', startsAt: '2026-01-05T07:00:00Z' });
    const stay = await joined(host, weekly.code);
    await call(host, 'DELETE', `/api/v1/meetings/${weekly.id}/participants/${stay.participantId}`);
    const after = (await (await call(host, 'GET', `/api/v1/meetings/${weekly.id}`)).json()) as Meeting;
    expect(after.status).toBe('scheduled');
    expect(after.endedAt).not.toBeNull();
    const next = new Date(after.startsAt!);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 24 * 3600_000);
    expect([next.getUTCDay(), next.getUTCHours()]).toEqual([1, 7]);
  });

  it('a weekly meeting in Berlin is scheduled again at the same local time across a change of clocks', async () => {
    const host = await person();
    const berlin = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    const zoneName = (at: Date) =>
      berlin.formatToParts(at).find((part) => part.type === 'timeZoneName')!.value;
    // Monday 10:00 in Berlin, first held under the other offset than today's, so that recurring in UTC
    // would land at 09:00 or 11:00 there.
    const winter = '2026-01-05T09:00:00Z'; // 10:00 CET
    const summer = '2026-07-06T08:00:00Z'; // 10:00 CEST
    const startsAt = zoneName(new Date()) === zoneName(new Date(winter)) ? summer : winter;
    const weekly = await createMeeting(host, { recurrence: 'weekly', startsAt, timeZone: 'Europe/Berlin' });
    expect(weekly.timeZone).toBe('Europe/Berlin');
    const stay = await joined(host, weekly.code);
    await call(host, 'DELETE', `/api/v1/meetings/${weekly.id}/participants/${stay.participantId}`);
    const after = (await (await call(host, 'GET', `/api/v1/meetings/${weekly.id}`)).json()) as Meeting;
    expect(after.status).toBe('scheduled');
    const next = new Date(after.startsAt!);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 24 * 3600_000 + 3600_000);
    expect(berlin.format(next)).toMatch(/^Mon,? 10:00/);

    const ics = await (await call(host, 'GET', `/api/v1/meetings/${weekly.id}/calendar.ics`)).text();
    expect(ics).toMatch(/DTSTART;TZID=Europe\/Berlin:\d{8}T100000/);
  });

  it('takes an IANA time zone, canonical, and refuses an unknown one', async () => {
    const host = await person();
    const meeting = await createMeeting(host, { recurrence: 'daily', startsAt: '2026-12-01T07:00:00Z' });
    expect(meeting.timeZone).toBe('UTC');
    const unknown = await call(host, 'POST', '/api/v1/meetings', { title: 'x', timeZone: 'Mars/Base' });
    expect(unknown.status).toBe(400);
    expect(await errorCode(unknown)).toBe('meeting.invalid_time_zone');
    const badChange = await call(host, 'PATCH', `/api/v1/meetings/${meeting.id}`, { timeZone: '+03:00' });
    expect(badChange.status).toBe(400);
    expect(await errorCode(badChange)).toBe('meeting.invalid_time_zone');
    const moved = await call(host, 'PATCH', `/api/v1/meetings/${meeting.id}`, { timeZone: 'europe/moscow' });
    expect(((await moved.json()) as Meeting).timeZone).toBe('Europe/Moscow');
  });

  it('refuses bad input with validation errors', async () => {
    const host = await person();
    for (const body of [
      {},
      { title: '' },
      { title: 'x', durationMinutes: 100_000 },
      { title: 'x', access: 'everyone' },
      { title: 'x', passcode: 'a b' },
      { title: 'x', startsAt: 'tomorrow' },
    ]) {
      const response = await call(host, 'POST', '/api/v1/meetings', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(response)).toBe('validation.failed');
    }
    const unknown = await call(host, 'POST', '/api/v1/meetings', { title: 'x', invitees: [randomUUID()] });
    expect(unknown.status).toBe(400);
  });
});

describe('joining', () => {
  it('organisation meetings take anyone with an account; the topology follows the head count', async () => {
    const [host, b, c, d] = [await person(), await person(), await person(), await person()];
    const meeting = await createMeeting(host);
    const first = await joined(host, meeting.code);
    expect(first.live.topology).toBe('p2p');
    expect(first.role).toBe('host');
    expect(first.iceServers).toEqual([]);
    const second = await joined(b, meeting.id);
    expect(second.live.topology).toBe('p2p');
    expect(second.live.participants.map((p) => p.id)).toEqual([first.participantId, second.participantId]);
    await host.socket.next(stateOf(meeting.id, (ids) => ids.includes(second.participantId)));
    const third = await joined(c, meeting.code);
    expect(third.live.topology).toBe('mesh');
    const full = await join(d, meeting.code);
    expect(full.status).toBe(409);
    expect(await errorCode(full)).toBe('meeting.sfu_required');
    const live = (await (await call(host, 'GET', `/api/v1/meetings/${meeting.id}`)).json()) as Meeting;
    expect(live).toMatchObject({ status: 'live', participantCount: 3 });
    // Those who came can talk in the meeting's chat.
    await send(c, meeting.chatId, 'hello from the meeting');
  });

  it('code meetings ask for the passcode, and stop answering guesses', async () => {
    const [host, guest] = [await person(), await person()];
    const meeting = await createMeeting(host, { access: 'code', passcode: 'secret42' });
    const none = await join(guest, meeting.code);
    expect(none.status).toBe(403);
    expect(await errorCode(none)).toBe('meeting.wrong_passcode');
    const wrong = await join(guest, meeting.code, { passcode: 'secret43' });
    expect(await errorCode(wrong)).toBe('meeting.wrong_passcode');
    await joined(guest, meeting.code, { passcode: 'secret42' });
    await joined(host, meeting.code); // the host needs none

    const other = await createMeeting(host, { access: 'code', passcode: 'another1' });
    let status = 0;
    for (let attempt = 0; attempt < 12 && status !== 429; attempt++) {
      status = (await join(guest, other.code, { passcode: `guess${attempt}` })).status;
    }
    expect(status).toBe(429);
    // Even the right passcode waits out the window once the guesses ran out.
    expect((await join(guest, other.code, { passcode: 'another1' })).status).toBe(429);
  });

  it('unknown codes are counted per address', async () => {
    // On a server of its own: the others must not run out of misses for this address.
    const limited = await startTestServer();
    const { person, join } = meetingsOn(() => limited);
    const guesser = await person();
    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 429; attempt++) {
      const code = `zzz-zzzz-${String.fromCharCode(97 + (attempt % 26))}${String.fromCharCode(97 + Math.floor(attempt / 26))}z`;
      status = (await join(guesser, code)).status;
      if (status !== 429) expect(status).toBe(404);
    }
    expect(status).toBe(429);
    await guesser.socket.close();
    await limited.close();
  });

  it('invitees go in; anyone else waits in the lobby until a host admits or turns them away', async () => {
    const [host, invitee, knocker, second] = [await person(), await person(), await person(), await person()];
    const meeting = await createMeeting(host, { access: 'invitees', invitees: [invitee.id] });
    await joined(host, meeting.code);
    await joined(invitee, meeting.code);

    const asked = await join(knocker, meeting.code);
    expect(asked.status).toBe(200);
    const waiting = (await asked.json()) as JoinMeetingResponse;
    expect(waiting.state).toBe('lobby');
    await host.socket.next(
      eventOf('meeting.lobby', (data) =>
        data.waiting.some((entry) => entry.participantId === waiting.participantId),
      ),
    );
    const list = (await (await call(host, 'GET', `/api/v1/meetings/${meeting.id}/lobby`)).json()) as {
      items: Array<{ participantId: string; displayName: string }>;
    };
    expect(list.items.map((entry) => entry.participantId)).toEqual([waiting.participantId]);
    // Someone in the lobby cannot let themselves in, nor can an invitee who is not a host.
    for (const account of [knocker, invitee]) {
      const self = await call(
        account,
        'POST',
        `/api/v1/meetings/${meeting.id}/lobby/${waiting.participantId}`,
        {
          admit: true,
        },
      );
      expect(self.status).toBeGreaterThanOrEqual(403);
    }
    // Asking to join again is the same wait, not a second entry.
    const twice = (await (await join(knocker, meeting.code)).json()) as JoinMeetingResponse;
    expect(twice.participantId).toBe(waiting.participantId);
    // Still waiting: asking again says so.
    const again = (await (
      await join(knocker, meeting.code, { participantId: waiting.participantId })
    ).json()) as JoinMeetingResponse;
    expect(again.state).toBe('lobby');

    expect(
      (
        await call(host, 'POST', `/api/v1/meetings/${meeting.id}/lobby/${waiting.participantId}`, {
          admit: true,
        })
      ).status,
    ).toBe(204);
    await knocker.socket.next(
      eventOf('meeting.admitted', (data) => data.participantId === waiting.participantId),
    );
    const inside = await joined(knocker, meeting.code, { participantId: waiting.participantId });
    expect(inside.participantId).toBe(waiting.participantId);
    expect(inside.live.participants).toHaveLength(3);

    const turnedAway = (await (await join(second, meeting.code)).json()) as JoinMeetingResponse;
    await call(host, 'POST', `/api/v1/meetings/${meeting.id}/lobby/${turnedAway.participantId}`, {
      admit: false,
    });
    await second.socket.next(
      eventOf('meeting.denied', (data) => data.participantId === turnedAway.participantId),
    );
    const denied = await join(second, meeting.code, { participantId: turnedAway.participantId });
    expect(denied.status).toBe(403);
    expect(await errorCode(denied)).toBe('meeting.not_allowed');
  });
});

describe('guests without an account', () => {
  it('get a guest account that waits in the lobby, and talk in the meeting chat once let in', async () => {
    const host = await person();
    const meeting = await createMeeting(host, { access: 'code', passcode: 'open-door', allowGuests: true });
    const closedDoor = await createMeeting(host, { access: 'code' });
    const guests = (ref: string, body: Record<string, unknown>) =>
      server.request(`/api/v1/meetings/${ref}/guests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const noGuests = await guests(closedDoor.code, { displayName: 'Visitor' });
    expect(noGuests.status).toBe(403);
    expect(await errorCode(noGuests)).toBe('meeting.not_allowed');
    const wrong = await guests(meeting.code, { displayName: 'Visitor', passcode: 'nope' });
    expect(await errorCode(wrong)).toBe('meeting.wrong_passcode');
    expect((await guests(meeting.code, { displayName: '' })).status).toBe(400);

    const admitted = await guests(meeting.code, { displayName: 'Visitor', passcode: 'open-door' });
    expect(admitted.status).toBe(201);
    const tokens = (await admitted.json()) as { accessToken: string; refreshToken: string };
    expect(tokens.refreshToken).toBeTruthy();
    const visitor = { ...host, id: '', accessToken: tokens.accessToken } as TestAccount;
    const socket = await openSocket(server, { token: tokens.accessToken });
    sockets.push(socket);
    await socket.next(isHello);

    await joined(host, meeting.code);
    // The passcode is asked again on joining: the guest account is not tied to this one meeting.
    expect(await errorCode(await join(visitor, meeting.code))).toBe('meeting.wrong_passcode');
    const waiting = (await (
      await join(visitor, meeting.code, { passcode: 'open-door' })
    ).json()) as JoinMeetingResponse;
    expect(waiting.state).toBe('lobby');
    // A guest account does nothing else: no meetings of its own, no directory.
    expect((await call(visitor, 'POST', '/api/v1/meetings', { title: 'Mine' })).status).toBe(403);
    expect((await call(visitor, 'GET', `/api/v1/chats/${meeting.chatId}`)).status).toBe(404);

    // A guest finds out about nobody it does not share a chat with.
    const people = async () =>
      ((await (await call(visitor, 'GET', `/api/v1/users?ids=${host.id}`)).json()) as { items: unknown[] })
        .items;
    expect(await people()).toEqual([]);
    expect((await call(visitor, 'GET', `/api/v1/users/${host.id}`)).status).toBe(404);
    expect((await call(visitor, 'GET', '/api/v1/users?q=a')).status).toBe(403);

    await call(host, 'POST', `/api/v1/meetings/${meeting.id}/lobby/${waiting.participantId}`, {
      admit: true,
    });
    await socket.next(eventOf('meeting.admitted', (data) => data.participantId === waiting.participantId));
    const inside = await joined(visitor, meeting.code, { participantId: waiting.participantId });
    expect(inside.role).toBe('guest');
    expect(inside.live.participants.find((p) => p.id === waiting.participantId)?.displayName).toBe('Visitor');
    // Let in, it sees who talks in the meeting's chat.
    expect(await people()).toHaveLength(1);
    expect((await call(visitor, 'GET', `/api/v1/users/${host.id}`)).status).toBe(200);
    await send(visitor, meeting.chatId, 'hello from a guest');
    expect((await history(host, meeting.chatId)).map((m) => m.text)).toContain('hello from a guest');
  });
});

describe('signaling', () => {
  it('relays descriptions and candidates between two participants, and only theirs', async () => {
    const [host, peer, outsider] = [await person(), await person(), await person()];
    const meeting = await createMeeting(host);
    const a = await joined(host, meeting.code);
    const b = await joined(peer, meeting.code);
    const offer = {
      meetingId: meeting.id,
      from: a.participantId,
      to: b.participantId,
      payload: { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } },
    };
    expect((await command(host.socket, 'meeting.signal', offer)).ok).toBe(true);
    const relayed = await peer.socket.next(
      eventOf('meeting.signal', (data) => data.from === a.participantId),
    );
    expect(relayed).toMatchObject({ event: { data: offer } });

    const candidate = {
      ...offer,
      from: b.participantId,
      to: a.participantId,
      payload: { kind: 'candidate', candidate: null },
    };
    expect((await command(peer.socket, 'meeting.signal', candidate)).ok).toBe(true);
    await host.socket.next(eventOf('meeting.signal', (data) => data.from === b.participantId));

    // Speaking for someone else's stay, or from outside the meeting, goes nowhere.
    const spoofed = await command(outsider.socket, 'meeting.signal', candidate);
    expect(spoofed).toMatchObject({ ok: false, error: { code: 'meeting.participant_not_found' } });
    const malformed = await command(host.socket, 'meeting.signal', { ...offer, payload: { kind: 'sdp' } });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'validation.failed' } });
  });

  it('ends the stay of a client that stops sending heartbeats', async () => {
    const { person, createMeeting, joined } = meetingsOn(() => quick);
    const [host, quiet] = [await person(), await person()];
    const meeting = await createMeeting(host);
    const a = await joined(host, meeting.code);
    const b = await joined(quiet, meeting.code);
    await host.socket.next(stateOf(meeting.id, (ids) => ids.includes(b.participantId)));
    // The host keeps beating; the quiet one never does.
    const beat = setInterval(() => {
      host.socket.send({
        type: 'request',
        id: randomUUID(),
        method: 'meeting.heartbeat',
        params: { meetingId: meeting.id, participantId: a.participantId },
      });
    }, 100);
    try {
      await vi.waitFor(
        () => {
          const last = host.socket.frames.filter(stateOf(meeting.id, () => true)).at(-1);
          if (!last || !(last.type === 'event' && last.event.type === 'meeting.state'))
            throw new Error('no state');
          expect(last.event.data.participants.map((p) => p.id)).toEqual([a.participantId]);
        },
        { timeout: 10_000, interval: 50 },
      );
    } finally {
      clearInterval(beat);
    }
    const gone = await command(quiet.socket, 'meeting.heartbeat', {
      meetingId: meeting.id,
      participantId: b.participantId,
    });
    expect(gone).toMatchObject({ ok: false, error: { code: 'meeting.participant_not_found' } });
  });
});

describe('host controls and attendance', () => {
  it('mute, remove, lock, hand over, end; the chat and the attendance stay', async () => {
    const [host, anna, boris, late] = [await person(), await person(), await person(), await person()];
    const meeting = await createMeeting(host);
    const h = await joined(host, meeting.code);
    const a = await joined(anna, meeting.code);
    const b = await joined(boris, meeting.code);
    const path = (participantId: string) => `/api/v1/meetings/${meeting.id}/participants/${participantId}`;

    // A participant may not moderate; the host may.
    const notHost = await call(anna, 'POST', `${path(b.participantId)}/moderate`, { audio: false });
    expect(notHost.status).toBe(403);
    expect(await errorCode(notHost)).toBe('meeting.host_only');
    expect((await call(host, 'POST', `${path(a.participantId)}/moderate`, { audio: false })).status).toBe(
      204,
    );
    await anna.socket.next(
      eventOf('meeting.moderated', (data) => data.participantId === a.participantId && data.audio === false),
    );
    await boris.socket.next(
      eventOf(
        'meeting.state',
        (data) => data.participants.find((p) => p.id === a.participantId)?.audio === false,
      ),
    );
    // She turns it on again herself, and raises her hand.
    expect((await call(anna, 'PATCH', path(a.participantId), { audio: true, handRaised: true })).status).toBe(
      204,
    );
    // Nobody changes someone else's own state.
    expect((await call(boris, 'PATCH', path(a.participantId), { audio: false })).status).toBe(404);

    await send(anna, meeting.chatId, 'notes: ship on Friday');

    // Removing Boris stops his media and sends him to the lobby next time.
    expect((await call(host, 'DELETE', path(b.participantId))).status).toBe(204);
    await boris.socket.next(eventOf('meeting.removed', (data) => data.participantId === b.participantId));
    await anna.socket.next(stateOf(meeting.id, (ids) => !ids.includes(b.participantId)));
    const back = (await (await join(boris, meeting.code)).json()) as JoinMeetingResponse;
    expect(back.state).toBe('lobby');
    // Nobody removes the host.
    expect((await call(host, 'POST', `${path(a.participantId)}/moderate`, { role: 'cohost' })).status).toBe(
      204,
    );
    expect((await call(anna, 'DELETE', path(h.participantId))).status).toBe(403);

    // Locked: even someone the meeting is open to waits.
    expect((await call(host, 'POST', `/api/v1/meetings/${meeting.id}/lock`, { locked: true })).status).toBe(
      204,
    );
    expect(((await (await join(late, meeting.code)).json()) as JoinMeetingResponse).state).toBe('lobby');

    // The host hands over to Anna and leaves; Anna ends the meeting for everyone.
    expect(
      (await call(host, 'POST', `/api/v1/meetings/${meeting.id}/host`, { userId: anna.id })).status,
    ).toBe(204);
    expect((await call(host, 'DELETE', path(h.participantId))).status).toBe(204);
    expect((await call(anna, 'POST', `/api/v1/meetings/${meeting.id}/end`)).status).toBe(204);
    await anna.socket.next(eventOf('meeting.ended', (data) => data.meetingId === meeting.id));
    await late.socket.next(eventOf('meeting.ended', (data) => data.meetingId === meeting.id));

    const after = (await (await call(anna, 'GET', `/api/v1/meetings/${meeting.id}`)).json()) as Meeting;
    expect(after).toMatchObject({ status: 'ended', hostId: anna.id, participantCount: 0 });
    expect(after.endedAt).not.toBeNull();
    expect((await history(boris, meeting.chatId)).map((m) => m.text)).toContain('notes: ship on Friday');

    const attendance = (await (
      await call(anna, 'GET', `/api/v1/meetings/${meeting.id}/attendance`)
    ).json()) as Attendance;
    expect(attendance.people.map((p) => p.userId).sort()).toEqual([host.id, anna.id, boris.id].sort());
    expect(attendance.peakParticipants).toBe(3);
    expect(attendance.people.every((p) => p.lastLeftAt !== null && p.sessions[0]!.device === 'test')).toBe(
      true,
    );
    // One occurrence so far, ended; asking for another that never took place is a clear 404.
    expect(attendance.occurrences).toHaveLength(1);
    expect(attendance.occurrence).toBe(0);
    expect(attendance.endedAt).not.toBeNull();
    const first = await call(anna, 'GET', `/api/v1/meetings/${meeting.id}/attendance?occurrence=0`);
    expect(((await first.json()) as Attendance).people).toHaveLength(3);
    const never = await call(anna, 'GET', `/api/v1/meetings/${meeting.id}/attendance?occurrence=1`);
    expect(never.status).toBe(404);
    expect(await errorCode(never)).toBe('meeting.occurrence_not_found');
    expect((await call(anna, 'GET', `/api/v1/meetings/${meeting.id}/attendance?occurrence=x`)).status).toBe(
      400,
    );
    // The previous host, now a co-host, still sees it; a participant does not.
    expect((await call(host, 'GET', `/api/v1/meetings/${meeting.id}/attendance`)).status).toBe(200);
    expect((await call(boris, 'GET', `/api/v1/meetings/${meeting.id}/attendance`)).status).toBe(403);
  });

  it('when the only host leaves, someone still there becomes a co-host', async () => {
    const [host, anna, boris] = [await person(), await person(), await person()];
    const meeting = await createMeeting(host);
    const h = await joined(host, meeting.code);
    const a = await joined(anna, meeting.code);
    await joined(boris, meeting.code);
    await call(host, 'DELETE', `/api/v1/meetings/${meeting.id}/participants/${h.participantId}`);
    const state = await boris.socket.next(
      eventOf('meeting.state', (data) => data.meetingId === meeting.id && data.cohostIds.includes(anna.id)),
    );
    expect(state).toMatchObject({
      event: {
        data: {
          participants: expect.arrayContaining([
            expect.objectContaining({ id: a.participantId, role: 'cohost' }),
          ]),
        },
      },
    });
  });
});
