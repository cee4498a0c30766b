import { ErrorCode } from '@beseda/protocol';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { apiError, mockApi, type MockReply } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { connectLive, type LiveConnection } from '../chats/testing/live-connection';
import { renderChats } from '../chats/testing/render-chats';
import { installFakeMedia } from './testing/fake-media';
import { buildJoined, buildMeeting, buildParticipant } from './testing/meeting-factories';

const me = buildMe({ displayName: 'Vera Sokolova' });
const meeting = buildMeeting({ title: 'Design review', hasPasscode: true });
const code = meeting.code;
const preview = {
  id: meeting.id,
  code,
  title: meeting.title,
  status: 'live',
  startsAt: null,
  hasPasscode: true,
  allowGuests: false,
};
const myStay = buildParticipant({ userId: me.id, displayName: me.displayName });
const joined = buildJoined(meeting, myStay);

let live: LiveConnection;

function setUp(joinReplies: MockReply[]) {
  const api = mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    [`GET /api/v1/meetings/${code}/preview`]: { status: 200, body: preview },
    [`POST /api/v1/meetings/${code}/join`]: joinReplies,
    [`GET /api/v1/chats`]: { status: 200, body: { items: [] } },
  });
  renderChats(`/m/${code}`, { connection: live.connection });
  return api;
}

async function join(passcode = '1234') {
  const form = await screen.findByTestId('prejoin');
  await within(form).findByLabelText('Camera');
  fireEvent.change(within(form).getByLabelText('Passcode'), { target: { value: passcode } });
  const button = within(form).getByRole('button', { name: 'Join' });
  await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(button);
}

describe('joining a meeting', () => {
  beforeEach(() => {
    signIn(buildTokenPair());
    installFakeMedia();
    live = connectLive();
  });
  afterEach(() => live.stop());

  it.each([
    [ErrorCode.meetingWrongPasscode, 403, 'The passcode is wrong.'],
    [ErrorCode.meetingNotAllowed, 403, 'You are not allowed into this meeting.'],
    [
      ErrorCode.meetingSfuRequired,
      409,
      'The meeting is full: this server holds only a few people per meeting.',
    ],
    [ErrorCode.meetingClosed, 409, 'This meeting was cancelled.'],
  ])('says why the server refused to let me in (%s)', async (errorCode, status, message) => {
    const api = setUp([apiError(status, errorCode)]);
    expect((await screen.findByTestId('meeting-title')).textContent).toContain('Design review');
    await join('wrong-one');
    expect((await screen.findByTestId('join-error')).textContent).toContain(message);
    const body = (await api.requestsTo(`POST /api/v1/meetings/${code}/join`)[0]!.json()) as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({ passcode: 'wrong-one', audio: true, video: true });
  });

  it('waits in the lobby and comes in once a host admits me', async () => {
    const lobby = { state: 'lobby', participantId: myStay.id, meeting: preview, heartbeatIntervalMs: 10_000 };
    const api = setUp([
      { status: 200, body: lobby },
      { status: 200, body: joined },
    ]);
    await join();
    await screen.findByText('Waiting for the host to let you in');

    // Someone else's admission is not mine.
    live.deliver({
      type: 'meeting.admitted',
      data: { meetingId: meeting.id, participantId: crypto.randomUUID() },
    });
    live.deliver({ type: 'meeting.admitted', data: { meetingId: meeting.id, participantId: myStay.id } });

    await screen.findByTestId('call-screen');
    const joins = api.requestsTo(`POST /api/v1/meetings/${code}/join`);
    expect(joins).toHaveLength(2);
    expect(await joins[1]!.json()).toMatchObject({ participantId: myStay.id });
  });

  it('says so when a host turns me away', async () => {
    const lobby = { state: 'lobby', participantId: myStay.id, meeting: preview, heartbeatIntervalMs: 10_000 };
    setUp([{ status: 200, body: lobby }]);
    await join();
    await screen.findByText('Waiting for the host to let you in');
    live.deliver({ type: 'meeting.denied', data: { meetingId: meeting.id, participantId: myStay.id } });
    expect((await screen.findByTestId('call-over')).textContent).toContain('A host did not let you in.');
  });

  it('ends the call and says why when a host removes me', async () => {
    setUp([{ status: 200, body: joined }]);
    await join();
    await screen.findByTestId('call-screen');
    live.deliver({ type: 'meeting.removed', data: { meetingId: meeting.id, participantId: myStay.id } });
    expect((await screen.findByTestId('call-over')).textContent).toContain(
      'A host removed you from the meeting.',
    );
  });
});
