import { type Chat, type Meeting } from '@beseda/protocol';
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { apiError, mockApi, type MockReply } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat } from '../chats/testing/chat-factories';
import { renderChats } from '../chats/testing/render-chats';
import { buildMeeting } from './testing/meeting-factories';

const me = buildMe();

function openChat(chat: Chat, meeting?: Meeting, meetingReply?: MockReply) {
  const api = mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET /api/v1/chats/${chat.id}/messages`]: { status: 200, body: { items: [] } },
    ...(meeting
      ? { [`GET /api/v1/meetings/${meeting.id}`]: meetingReply ?? { status: 200, body: meeting } }
      : {}),
  });
  renderChats(`/chats/${chat.id}`);
  return api;
}

async function header() {
  await screen.findByTestId('chat-title');
  return screen.getByTestId('chat-title').closest('header')!;
}

describe("a meeting chat's header", () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('links to its meeting, and into the call while the meeting is on', async () => {
    const meeting = buildMeeting({ title: 'Planning', status: 'scheduled' });
    const chat = buildChat({ type: 'meeting', name: 'Planning', id: meeting.chatId, meetingId: meeting.id });
    openChat(chat, meeting);
    const bar = await header();
    expect(within(bar).getByRole('link', { name: 'Meeting page' }).getAttribute('href')).toBe(
      `/meetings/${meeting.id}`,
    );
    expect((await within(bar).findByRole('link', { name: 'Join' })).getAttribute('href')).toBe(
      `/m/${meeting.code}`,
    );
  });

  it.each([
    ['is over', (over: Meeting): MockReply => ({ status: 200, body: over })],
    ['cannot be read', (): MockReply => apiError(404, 'meeting.not_found')],
  ])('offers only the meeting page when the meeting %s', async (_, reply) => {
    const over = buildMeeting({ status: 'ended' });
    const chat = buildChat({ type: 'meeting', id: over.chatId, meetingId: over.id });
    const api = openChat(chat, over, reply(over));
    const bar = await header();
    expect(within(bar).getByRole('link', { name: 'Meeting page' })).toBeTruthy();
    await waitFor(() => expect(api.requestsTo(`GET /api/v1/meetings/${over.id}`)).toHaveLength(1));
    expect(within(bar).queryByRole('link', { name: 'Join' })).toBeNull();
  });

  it('is not shown for other chats', async () => {
    const api = openChat(buildChat({ name: 'general' }));
    const bar = await header();
    expect(within(bar).queryByRole('link', { name: 'Meeting page' })).toBeNull();
    expect(api.requestsTo('GET /api/v1/meetings')).toHaveLength(0);
  });
});
