import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildPerson } from '../chats/testing/chat-factories';
import { renderChats } from '../chats/testing/render-chats';
import { buildMeeting } from './testing/meeting-factories';

const me = buildMe({ displayName: 'Anna Petrova' });
const boris = buildPerson({ displayName: 'Boris Orlov', username: 'boris' });
const mine = buildMeeting({
  title: 'Sprint review',
  hostId: me.id,
  status: 'scheduled',
  startsAt: '2026-03-10T10:00:00.000Z',
  startedAt: null,
});
const live = buildMeeting({ title: 'Daily stand-up', status: 'live', participantCount: 3 });
const past = buildMeeting({ title: 'Retrospective', status: 'ended' });

function setUp() {
  const created = buildMeeting({ title: 'Planning poker', hostId: me.id, status: 'scheduled' });
  const api = mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/meetings': (request) => ({
      status: 200,
      body: {
        items: new URL(request.url).searchParams.get('when') === 'past' ? [past] : [mine, live],
        nextCursor: null,
      },
    }),
    'POST /api/v1/meetings': { status: 201, body: created },
    [`DELETE /api/v1/meetings/${mine.id}`]: { status: 204 },
    [`GET /api/v1/meetings/${created.id}`]: { status: 200, body: created },
    'GET /api/v1/users': { status: 200, body: { items: [boris], nextCursor: null } },
  });
  const view = renderChats('/meetings');
  return { api, created, ...view };
}

describe('the meetings page', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('lists upcoming meetings with a way in, and past ones on their tab', async () => {
    setUp();
    const list = await screen.findByTestId('meeting-list');
    const rows = within(list).getAllByTestId('meeting-row');
    expect(rows.map((row) => row.querySelector('a')?.textContent)).toEqual([
      'Sprint review',
      'Daily stand-up',
    ]);
    expect(within(rows[1]!).getByText(/3 people in the meeting/)).toBeTruthy();
    expect(within(rows[0]!).getByRole('link', { name: 'Join' }).getAttribute('href')).toBe(`/m/${mine.code}`);
    // Only the host may cancel, and only what has not started.
    expect(within(rows[0]!).queryByRole('button', { name: 'Cancel meeting' })).not.toBeNull();
    expect(within(rows[1]!).queryByRole('button', { name: 'Cancel meeting' })).toBeNull();

    fireEvent.click(screen.getByRole('tab', { name: 'Past' }));
    await screen.findByText('Retrospective');
    expect(screen.queryByRole('link', { name: 'Join' })).toBeNull();
  });

  it('cancels a meeting after confirming', async () => {
    const { api } = setUp();
    const row = (await screen.findAllByTestId('meeting-row'))[0]!;
    fireEvent.click(within(row).getByRole('button', { name: 'Cancel meeting' }));
    const dialog = await screen.findByTestId('cancel-meeting-dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel meeting' }));
    await waitFor(() => expect(api.requestsTo(`DELETE /api/v1/meetings/${mine.id}`)).toHaveLength(1));
  });

  it('schedules a meeting for invitees with a passcode, and opens it', async () => {
    const { api, created, router } = setUp();
    fireEvent.click(await screen.findByTestId('schedule-meeting'));
    const dialog = await screen.findByTestId('schedule-dialog');
    fireEvent.change(within(dialog).getByLabelText('Title'), { target: { value: 'Planning poker' } });
    fireEvent.change(within(dialog).getByLabelText('Date'), { target: { value: '2026-04-01' } });
    fireEvent.change(within(dialog).getByLabelText('Time'), { target: { value: '15:30' } });
    fireEvent.change(within(dialog).getByLabelText('Duration, minutes'), { target: { value: '45' } });
    fireEvent.change(within(dialog).getByLabelText('Repeats'), { target: { value: 'weekly' } });
    fireEvent.change(within(dialog).getByLabelText('Who can join'), { target: { value: 'invitees' } });
    fireEvent.change(within(dialog).getByLabelText(/Passcode/), { target: { value: 'poker-7' } });
    fireEvent.change(within(dialog).getByLabelText('Find a person'), { target: { value: 'bor' } });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Invite Boris Orlov' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Schedule' }));

    await waitFor(() => expect(api.requestsTo('POST /api/v1/meetings')).toHaveLength(1));
    expect(await api.requestsTo('POST /api/v1/meetings')[0]!.json()).toEqual({
      title: 'Planning poker',
      description: '',
      startsAt: new Date('2026-04-01T15:30').toISOString(),
      durationMinutes: 45,
      recurrence: 'weekly',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      access: 'invitees',
      passcode: 'poker-7',
      allowGuests: false,
      invitees: [boris.id],
    });
    await waitFor(() => expect(router.state.location.pathname).toBe(`/meetings/${created.id}`));
  });
});
