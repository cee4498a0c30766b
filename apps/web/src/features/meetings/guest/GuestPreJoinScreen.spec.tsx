import { ErrorCode } from '@beseda/protocol';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSessionState } from '../../../auth/session-store';
import { apiError, mockApi, type MockReply } from '../../../test/api-mock';
import { buildMe, buildTokenPair } from '../../../test/factories';
import { connectLive, type LiveConnection } from '../../chats/testing/live-connection';
import { renderChats } from '../../chats/testing/render-chats';
import { installFakeMedia } from '../testing/fake-media';
import { buildMeeting, buildParticipant } from '../testing/meeting-factories';

const meeting = buildMeeting({ title: 'Open house', hasPasscode: true });
const code = meeting.code;
const guestMe = buildMe({ displayName: 'Oleg from Acme', role: 'guest' });
const myStay = buildParticipant({ userId: guestMe.id, displayName: guestMe.displayName });

function previewOf(overrides: { hasPasscode?: boolean; allowGuests?: boolean } = {}) {
  return {
    id: meeting.id,
    code,
    title: meeting.title,
    status: 'live',
    startsAt: null,
    hasPasscode: true,
    allowGuests: true,
    ...overrides,
  };
}

const lobby = {
  state: 'lobby',
  participantId: myStay.id,
  meeting: previewOf(),
  heartbeatIntervalMs: 10_000,
};

let live: LiveConnection;

function setUp(guestReplies: MockReply[], preview = previewOf()) {
  const api = mockApi({
    'GET /api/v1/me': { status: 200, body: guestMe },
    [`GET /api/v1/meetings/${code}/preview`]: { status: 200, body: preview },
    [`POST /api/v1/meetings/${code}/guests`]: guestReplies,
    [`POST /api/v1/meetings/${code}/join`]: { status: 200, body: lobby },
  });
  renderChats(`/m/${code}`, { connection: live.connection });
  return api;
}

async function guestForm() {
  const form = await screen.findByTestId('guest-prejoin');
  await within(form).findByLabelText('Camera');
  return form;
}

async function askToJoin({ name = 'Oleg from Acme', passcode = '1234' } = {}) {
  const form = await guestForm();
  fireEvent.change(within(form).getByLabelText('Your name'), { target: { value: name } });
  const passcodeField = within(form).queryByLabelText('Passcode');
  if (passcodeField) fireEvent.change(passcodeField, { target: { value: passcode } });
  fireEvent.click(within(form).getByRole('button', { name: 'Join as guest' }));
  return form;
}

describe('joining a meeting without an account', () => {
  beforeEach(() => {
    installFakeMedia();
    live = connectLive();
  });
  afterEach(() => live.stop());

  it('offers the guest join screen instead of the login page, with a way to sign in and come back', async () => {
    setUp([]);
    const form = await guestForm();
    expect(within(form).getByTestId('meeting-title').textContent).toBe('Open house');
    expect(within(form).getByRole('link', { name: 'I have an account — sign in' }).getAttribute('href')).toBe(
      `/login?next=${encodeURIComponent(`/m/${code}`)}`,
    );
    expect(screen.getByRole('button', { name: 'Turn camera off' })).toBeTruthy();
  });

  it('asks for a name and the passcode before calling the server', async () => {
    const api = setUp([]);
    const form = await askToJoin({ name: '   ', passcode: '' });
    expect(await within(form).findAllByText('Fill in this field')).toHaveLength(2);
    expect(api.requestsTo(`POST /api/v1/meetings/${code}/guests`)).toHaveLength(0);
  });

  it.each([
    [ErrorCode.meetingNotAllowed, 403, 'This meeting does not take guests. Sign in to join.'],
    [ErrorCode.meetingWrongPasscode, 403, 'The passcode is wrong.'],
    [ErrorCode.meetingNotFound, 404, 'There is no meeting with this code, or you may not see it.'],
    [ErrorCode.meetingClosed, 409, 'This meeting was cancelled.'],
    [ErrorCode.rateLimited, 429, 'Too many attempts.'],
  ])('says why the server refused the guest (%s)', async (errorCode, status, message) => {
    setUp([apiError(status, errorCode, [], { 'Retry-After': '30' })]);
    await askToJoin();
    expect((await screen.findByTestId('join-error')).textContent).toContain(message);
    expect(getSessionState().status).toBe('signedOut');
  });

  it('signs in with the guest account, then waits in the lobby like anyone else', async () => {
    const api = setUp([{ status: 201, body: buildTokenPair() }]);
    await askToJoin({ name: '  Oleg from Acme ', passcode: 'orange-42' });

    await screen.findByText('Waiting for the host to let you in');
    const [guestRequest] = api.requestsTo(`POST /api/v1/meetings/${code}/guests`);
    expect(guestRequest!.headers.get('X-Token-Delivery')).toBe('cookie');
    expect(await guestRequest!.json()).toEqual({
      displayName: 'Oleg from Acme',
      passcode: 'orange-42',
      language: 'en',
    });
    expect(getSessionState()).toMatchObject({ status: 'signedIn', accessToken: 'access-token-1' });
    const joins = api.requestsTo(`POST /api/v1/meetings/${code}/join`);
    expect(joins).toHaveLength(1);
    expect(joins[0]!.headers.get('Authorization')).toBe('Bearer access-token-1');
    expect(await joins[0]!.json()).toMatchObject({ passcode: 'orange-42' });
  });

  it('when turned away, offers no way into the rest of the app', async () => {
    setUp([{ status: 201, body: buildTokenPair() }], previewOf({ hasPasscode: false }));
    await askToJoin();
    await screen.findByText('Waiting for the host to let you in');
    live.deliver({ type: 'meeting.denied', data: { meetingId: meeting.id, participantId: myStay.id } });

    expect((await screen.findByTestId('call-over')).textContent).toContain('A host did not let you in.');
    await waitFor(() =>
      expect(screen.getByTestId('close-page').textContent).toBe('You can close this page.'),
    );
    expect(screen.queryByRole('link', { name: 'Back to meetings' })).toBeNull();
  });

  it('says so at once when the meeting takes no guests', async () => {
    setUp([], previewOf({ allowGuests: false }));
    const form = await guestForm();
    expect(within(form).getByTestId('guests-not-allowed').textContent).toBe(
      'This meeting does not take guests. Sign in to join.',
    );
    expect(within(form).queryByRole('button', { name: 'Join as guest' })).toBeNull();
    expect(within(form).getByRole('link', { name: 'I have an account — sign in' })).toBeTruthy();
  });
});
