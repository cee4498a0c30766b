import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildPerson } from './testing/chat-factories';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov' });
const vera = buildPerson({ displayName: 'Vera Sokolova' });
const joinedAt = '2026-03-01T09:00:00.000Z';

function setUp(
  myRole: 'owner' | 'admin' | 'member',
  borisRole: 'admin' | 'member' = 'member',
  roleChangeReply: { status: number; body?: unknown } = { status: 204 },
) {
  const chat = buildChat({
    type: 'private',
    name: 'planning',
    memberCount: 3,
    membership: { role: myRole, lastReadSeq: 0, notificationLevel: 'all', muted: false, favourite: false },
  });
  const members = {
    status: 200,
    body: {
      items: [
        { userId: me.id, role: myRole, joinedAt },
        { userId: boris.id, role: borisRole, joinedAt },
        { userId: vera.id, role: myRole === 'owner' ? 'member' : 'owner', joinedAt },
      ],
    },
  };
  const api = mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET /api/v1/chats/${chat.id}/messages`]: { status: 200, body: { items: [] } },
    [`GET /api/v1/chats/${chat.id}/members`]: members,
    [`GET /api/v1/users/${me.id}`]: { status: 200, body: buildPerson({ id: me.id }) },
    [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    [`GET /api/v1/users/${vera.id}`]: { status: 200, body: vera },
    [`PATCH /api/v1/chats/${chat.id}/members/${boris.id}`]: roleChangeReply,
    [`DELETE /api/v1/chats/${chat.id}/members/${boris.id}`]: { status: 204 },
  });
  renderChats(`/chats/${chat.id}`);
  return { api, chat };
}

async function openMembers() {
  fireEvent.click(await screen.findByRole('button', { name: /members/i }));
  const panel = await screen.findByTestId('members-panel');
  await within(panel).findByText('Boris Ivanov');
  return panel;
}

describe('member management', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('lets the owner make someone admin, hand the chat over and remove people, after confirming', async () => {
    const { api, chat } = setUp('owner');
    const panel = await openMembers();
    fireEvent.click(within(panel).getByRole('button', { name: 'Actions for Boris Ivanov' }));
    expect(
      within(panel)
        .getAllByRole('menuitem')
        .map((item) => item.textContent),
    ).toEqual(['Make admin', 'Make owner', 'Remove from chat']);
    fireEvent.click(within(panel).getByRole('menuitem', { name: 'Make admin' }));
    const route = `PATCH /api/v1/chats/${chat.id}/members/${boris.id}`;
    await waitFor(() => expect(api.requestsTo(route)).toHaveLength(1));
    expect(await api.requestsTo(route)[0]!.json()).toEqual({ role: 'admin' });

    fireEvent.click(within(panel).getByRole('button', { name: 'Actions for Boris Ivanov' }));
    fireEvent.click(within(panel).getByRole('menuitem', { name: 'Make owner' }));
    const handOver = await screen.findByTestId('make-owner-dialog');
    fireEvent.click(within(handOver).getByRole('button', { name: 'Make owner' }));
    await waitFor(() => expect(api.requestsTo(route)).toHaveLength(2));
    expect(await api.requestsTo(route)[1]!.json()).toEqual({ role: 'owner' });
    await waitFor(() => expect(screen.queryByTestId('make-owner-dialog')).toBeNull());

    fireEvent.click(within(panel).getByRole('button', { name: 'Actions for Boris Ivanov' }));
    fireEvent.click(within(panel).getByRole('menuitem', { name: 'Remove from chat' }));
    const removal = await screen.findByTestId('remove-member-dialog');
    expect(removal.textContent).toContain('Remove Boris Ivanov from the chat?');
    fireEvent.click(within(removal).getByRole('button', { name: 'Remove' }));
    await waitFor(() =>
      expect(api.requestsTo(`DELETE /api/v1/chats/${chat.id}/members/${boris.id}`)).toHaveLength(1),
    );
  });

  it('gives an admin no hold on the owner or on the ownership', async () => {
    setUp('admin', 'admin');
    const panel = await openMembers();
    expect(within(panel).queryByRole('button', { name: 'Actions for Vera Sokolova' })).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Actions for Boris Ivanov' }));
    expect(
      within(panel)
        .getAllByRole('menuitem')
        .map((item) => item.textContent),
    ).toEqual(['Remove admin rights', 'Remove from chat']);
  });

  it('shows a member no actions', async () => {
    setUp('member');
    const panel = await openMembers();
    expect(within(panel).queryByRole('button', { name: /^Actions for/ })).toBeNull();
  });

  it('says why a change was refused', async () => {
    setUp('owner', 'member', {
      status: 403,
      body: {
        error: { code: 'auth.forbidden', message: 'Only the chat owner or an admin can change roles' },
      },
    });
    const panel = await openMembers();
    fireEvent.click(within(panel).getByRole('button', { name: 'Actions for Boris Ivanov' }));
    fireEvent.click(within(panel).getByRole('menuitem', { name: 'Make admin' }));
    expect((await within(panel).findByRole('alert')).textContent).toContain('The change was not saved');
  });
});
