import { type Attendance, CloseCode, type JoinMeetingResponse, type Meeting } from '@beseda/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingGuestsExpiry } from '../src/modules/meetings/meeting-guests-expiry.js';
import { bearer, json, signedInAccount, type TestAccount } from './support/accounts.js';
import { chatClient, errorCode, eventOf } from './support/chats.js';
import { isHello, openSocket, type TestSocket } from './support/socket.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let host: TestAccount;
let hostSocket: TestSocket;
const sockets: TestSocket[] = [];
const { call } = chatClient(() => server);

beforeAll(async () => {
  server = await startTestServer();
  host = await signedInAccount(server);
  hostSocket = await openSocket(server, { token: host.accessToken });
  sockets.push(hostSocket);
  await hostSocket.next(isHello);
});

afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.close()));
  await server?.close();
});

interface Guest {
  account: TestAccount;
  refreshToken: string;
  socket: TestSocket;
}

async function guestMeeting(): Promise<Meeting> {
  const response = await call(host, 'POST', '/api/v1/meetings', {
    title: 'Open day',
    access: 'code',
    passcode: 'open-door',
    allowGuests: true,
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Meeting;
}

/** Someone without an account comes by the meeting's link: a guest account, signed in, with a socket. */
async function guestOf(meeting: Meeting, displayName: string): Promise<Guest> {
  const response = await server.request(
    `/api/v1/meetings/${meeting.code}/guests`,
    json({ displayName, passcode: 'open-door' }),
  );
  expect(response.status).toBe(201);
  const tokens = (await response.json()) as { accessToken: string; refreshToken: string };
  const me = (await (await server.request('/api/v1/me', bearer(tokens.accessToken))).json()) as {
    id: string;
  };
  const socket = await openSocket(server, { token: tokens.accessToken });
  sockets.push(socket);
  await socket.next(isHello);
  return {
    account: { ...host, id: me.id, accessToken: tokens.accessToken },
    refreshToken: tokens.refreshToken,
    socket,
  };
}

/** The host lets the guest in from the lobby and the guest joins. */
async function letIn(meeting: Meeting, guest: Guest) {
  const asked = await call(guest.account, 'POST', `/api/v1/meetings/${meeting.code}/join`, {
    device: 'test',
    passcode: 'open-door',
  });
  const waiting = (await asked.json()) as JoinMeetingResponse;
  expect(waiting.state).toBe('lobby');
  await call(host, 'POST', `/api/v1/meetings/${meeting.id}/lobby/${waiting.participantId}`, { admit: true });
  await guest.socket.next(
    eventOf('meeting.admitted', (data) => data.participantId === waiting.participantId),
  );
  const inside = await call(guest.account, 'POST', `/api/v1/meetings/${meeting.code}/join`, {
    device: 'test',
    participantId: waiting.participantId,
  });
  expect(((await inside.json()) as JoinMeetingResponse).state).toBe('joined');
}

const meStatus = async (guest: Guest) =>
  (await server.request('/api/v1/me', bearer(guest.account.accessToken))).status;

describe('guest accounts', () => {
  it('are ended once their meeting is over: signed out, sockets closed, names kept', async () => {
    const over = await guestMeeting();
    const going = await guestMeeting();
    expect((await call(host, 'POST', `/api/v1/meetings/${over.code}/join`, { device: 'test' })).status).toBe(
      200,
    );
    expect((await call(host, 'POST', `/api/v1/meetings/${going.code}/join`, { device: 'test' })).status).toBe(
      200,
    );
    const visitor = await guestOf(over, 'Visitor');
    const stayer = await guestOf(going, 'Stayer');
    await letIn(over, visitor);
    await letIn(going, stayer);

    expect((await call(host, 'POST', `/api/v1/meetings/${over.id}/end`)).status).toBe(204);
    const expiry = server.app.get(MeetingGuestsExpiry);
    expect(await expiry.runOnce()).toBe(1);

    expect(await meStatus(visitor)).toBe(401);
    expect((await visitor.socket.closed).code).toBe(CloseCode.sessionRevoked);
    const refreshed = await server.request(
      '/api/v1/auth/refresh',
      json({ refreshToken: visitor.refreshToken }),
    );
    expect(refreshed.status).toBe(401);
    // The row stays: attendance still names the guest.
    const attendance = (await (
      await call(host, 'GET', `/api/v1/meetings/${over.id}/attendance`)
    ).json()) as Attendance;
    expect(JSON.stringify(attendance)).toContain('Visitor');

    // The guest of the meeting still going is kept.
    expect(await meStatus(stayer)).toBe(200);
    expect(await expiry.runOnce()).toBe(0);
    expect(await meStatus(stayer)).toBe(200);
    const stillThere = await call(stayer.account, 'POST', `/api/v1/meetings/${going.code}/join`, {
      device: 'test',
      passcode: 'open-door',
    });
    expect(stillThere.status).not.toBe(401);

    // Nor can the ended guest come back by the link with the old account.
    const again = await call(visitor.account, 'POST', `/api/v1/meetings/${over.code}/join`, {
      device: 'test',
    });
    expect(again.status).toBe(401);
    expect(await errorCode(again)).toMatch(/^auth\./);
  });

  it('are ended after GUEST_ACCOUNT_TTL_HOURS without being in a meeting, unless they are in one now', async () => {
    const meeting = await guestMeeting();
    expect(
      (await call(host, 'POST', `/api/v1/meetings/${meeting.code}/join`, { device: 'test' })).status,
    ).toBe(200);
    const idle = await guestOf(meeting, 'Idle');
    const present = await guestOf(meeting, 'Present');
    await letIn(meeting, present);
    const expiry = server.app.get(MeetingGuestsExpiry);

    expect(await expiry.runOnce()).toBe(0);
    const tomorrow = new Date(Date.now() + 25 * 60 * 60_000);
    expect(await expiry.runOnce(tomorrow)).toBe(1);
    expect(await meStatus(idle)).toBe(401);
    expect((await idle.socket.closed).code).toBe(CloseCode.sessionRevoked);
    expect(await meStatus(present)).toBe(200);
  });
});
