import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildMessage, buildPerson } from '../chats/testing/chat-factories';
import { connectLive, type LiveConnection } from '../chats/testing/live-connection';
import { renderChats } from '../chats/testing/render-chats';
import { installFakeMedia } from './testing/fake-media';
import { buildJoined, buildMeeting, buildParticipant } from './testing/meeting-factories';

const me = buildMe({ displayName: 'Vera Sokolova' });
const boris = buildPerson({ displayName: 'Boris Orlov' });
const meeting = buildMeeting({ title: 'Design review' });
const myStay = buildParticipant({ userId: me.id, displayName: me.displayName });
const said = [1, 2].map((seq) =>
  buildMessage({ chatId: meeting.chatId, seq, authorId: boris.id, text: `Point ${seq}` }),
);
const chat = buildChat({
  id: meeting.chatId,
  type: 'meeting',
  name: meeting.title,
  meetingId: meeting.id,
  lastSeq: 2,
  unreadCount: 2,
});

let live: LiveConnection;

async function joinCall() {
  const api = mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    [`GET /api/v1/meetings/${meeting.code}/preview`]: {
      status: 200,
      body: { ...meeting, hasPasscode: false, allowGuests: false },
    },
    [`POST /api/v1/meetings/${meeting.code}/join`]: { status: 200, body: buildJoined(meeting, myStay) },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET /api/v1/chats/${chat.id}/messages`]: { status: 200, body: { items: said } },
    [`POST /api/v1/chats/${chat.id}/read`]: { status: 200, body: { lastReadSeq: 3 } },
    [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
  });
  renderChats(`/m/${meeting.code}`, { connection: live.connection });
  const form = await screen.findByTestId('prejoin');
  await within(form).findByLabelText('Camera');
  const button = within(form).getByRole('button', { name: 'Join' });
  await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(button);
  await screen.findByTestId('call-screen');
  return api;
}

describe('the chat button in a call', () => {
  beforeEach(() => {
    signIn(buildTokenPair());
    installFakeMedia();
    live = connectLive();
  });
  afterEach(() => live.stop());

  it("counts the meeting chat's unread messages until the panel is opened, which reads them", async () => {
    const api = await joinCall();
    const badge = await screen.findByTestId('chat-unread-badge');
    expect(badge.textContent).toBe('2');

    live.deliver({
      type: 'message.created',
      data: buildMessage({ chatId: chat.id, seq: 3, authorId: boris.id, text: 'Point 3' }),
    });
    await waitFor(() => expect(screen.getByTestId('chat-unread-badge').textContent).toBe('3'));

    fireEvent.click(screen.getByTestId('toggle-chat'));
    await within(await screen.findByTestId('meeting-chat')).findByText('Point 2');
    expect(screen.queryByTestId('chat-unread-badge')).toBeNull();
    await waitFor(() => expect(api.requestsTo(`POST /api/v1/chats/${chat.id}/read`)).toHaveLength(1));

    // Closed again: everything was read.
    fireEvent.click(screen.getByTestId('toggle-chat'));
    await waitFor(() => expect(screen.queryByTestId('meeting-chat')).toBeNull());
    expect(screen.queryByTestId('chat-unread-badge')).toBeNull();
  });
});
