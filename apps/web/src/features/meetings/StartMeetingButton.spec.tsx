import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat } from '../chats/testing/chat-factories';
import { renderChats } from '../chats/testing/render-chats';
import { installFakeMedia } from './testing/fake-media';
import { buildMeeting } from './testing/meeting-factories';

const me = buildMe();
const chat = buildChat({ type: 'private', name: 'design' });
const meetingChat = buildChat({ type: 'meeting', name: 'Meeting in #design' });
const meeting = buildMeeting({ title: 'Meeting in #design', chatId: meetingChat.id, originChatId: chat.id });

describe('starting a meeting from a chat', () => {
  beforeEach(() => {
    signIn(buildTokenPair());
    installFakeMedia();
  });

  it('creates a meeting the chat is invited to and goes into it', async () => {
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': { status: 200, body: { items: [chat, meetingChat] } },
      [`GET /api/v1/chats/${chat.id}/messages`]: { status: 200, body: { items: [] } },
      'POST /api/v1/meetings': { status: 201, body: meeting },
    });
    const { router } = renderChats(`/chats/${chat.id}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Start a meeting' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/m/${meeting.code}`));
    expect(await api.requestsTo('POST /api/v1/meetings')[0]!.json()).toMatchObject({
      title: 'Meeting in design',
      chatId: chat.id,
    });
  });

  it('lists a meeting’s chat with the groups, with no button to start another meeting in it', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': { status: 200, body: { items: [chat, meetingChat] } },
      [`GET /api/v1/chats/${meetingChat.id}/messages`]: { status: 200, body: { items: [] } },
    });
    renderChats(`/chats/${meetingChat.id}`);
    const section = await screen.findByRole('region', { name: /Channels/ });
    expect(section.textContent).toContain('Meeting in #design');
    await screen.findByTestId('chat-title');
    expect(screen.queryByRole('button', { name: 'Start a meeting' })).toBeNull();
  });
});
