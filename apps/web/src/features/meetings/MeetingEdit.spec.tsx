import { ErrorCode, type Meeting } from '@beseda/protocol';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { apiError, mockApi, type MockReply } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildPerson } from '../chats/testing/chat-factories';
import { renderChats } from '../chats/testing/render-chats';
import { buildMeeting } from './testing/meeting-factories';

const me = buildMe({ displayName: 'Anna Petrova' });
const boris = buildPerson({ displayName: 'Boris Orlov', username: 'boris' });
const vera = buildPerson({ displayName: 'Vera Sokolova', username: 'vera' });
const startsAt = new Date('2026-04-01T15:30').toISOString();

function scheduled(overrides: Partial<Meeting> = {}): Meeting {
  return buildMeeting({
    title: 'Sprint review',
    description: 'Demo of the sprint',
    hostId: me.id,
    status: 'scheduled',
    startsAt,
    durationMinutes: 45,
    recurrence: 'weekly',
    timeZone: 'Europe/Moscow',
    access: 'code',
    hasPasscode: true,
    passcode: 'poker-7',
    invitees: [boris.id],
    startedAt: null,
    participantCount: 0,
    ...overrides,
  });
}

function setUp(meeting: Meeting, patchReply: MockReply, who = me) {
  const api = mockApi({
    'GET /api/v1/me': { status: 200, body: who },
    'GET /api/v1/meetings': { status: 200, body: { items: [meeting], nextCursor: null } },
    [`GET /api/v1/meetings/${meeting.id}`]: { status: 200, body: meeting },
    [`PATCH /api/v1/meetings/${meeting.id}`]: patchReply,
    'GET /api/v1/users': (request) => {
      const url = new URL(request.url);
      const items = url.searchParams.get('ids') ? [boris] : [vera];
      return { status: 200, body: { items, nextCursor: null } };
    },
  });
  return api;
}

async function openEditor(path: string) {
  renderChats(path);
  fireEvent.click(await screen.findByTestId('edit-meeting'));
  return screen.findByTestId('schedule-dialog');
}

describe('editing a scheduled meeting', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('opens prefilled from the list and saves the changes with PATCH', async () => {
    const meeting = scheduled();
    const saved = { ...meeting, title: 'Sprint demo' };
    const api = setUp(meeting, { status: 200, body: saved });
    const dialog = await openEditor('/meetings');

    expect(within(dialog).getByRole('heading', { name: 'Edit meeting' })).toBeTruthy();
    expect((within(dialog).getByLabelText('Title') as HTMLInputElement).value).toBe('Sprint review');
    expect((within(dialog).getByLabelText('Description') as HTMLTextAreaElement).value).toBe(
      'Demo of the sprint',
    );
    expect((within(dialog).getByLabelText('Date') as HTMLInputElement).value).toBe('2026-04-01');
    expect((within(dialog).getByLabelText('Time') as HTMLInputElement).value).toBe('15:30');
    expect((within(dialog).getByLabelText('Duration, minutes') as HTMLInputElement).value).toBe('45');
    expect((within(dialog).getByLabelText('Repeats') as HTMLSelectElement).value).toBe('weekly');
    expect((within(dialog).getByLabelText('Who can join') as HTMLSelectElement).value).toBe('code');
    expect((within(dialog).getByLabelText(/Passcode/) as HTMLInputElement).value).toBe('poker-7');
    // Invitees come as ids; their names are looked up.
    expect(await within(dialog).findByRole('button', { name: 'Remove Boris Orlov' })).toBeTruthy();

    fireEvent.change(within(dialog).getByLabelText('Title'), { target: { value: 'Sprint demo' } });
    fireEvent.change(within(dialog).getByLabelText(/Passcode/), { target: { value: '' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove Boris Orlov' }));
    fireEvent.change(within(dialog).getByLabelText('Find a person'), { target: { value: 'ver' } });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Invite Vera Sokolova' }));
    const listLoads = api.requestsTo('GET /api/v1/meetings').length;
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(api.requestsTo(`PATCH /api/v1/meetings/${meeting.id}`)).toHaveLength(1));
    expect(await api.requestsTo(`PATCH /api/v1/meetings/${meeting.id}`)[0]!.json()).toEqual({
      title: 'Sprint demo',
      description: 'Demo of the sprint',
      startsAt,
      durationMinutes: 45,
      recurrence: 'weekly',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      access: 'code',
      // The host emptied the passcode they knew: it is removed.
      passcode: null,
      allowGuests: false,
      invitees: [vera.id],
    });
    await waitFor(() => expect(screen.queryByTestId('schedule-dialog')).toBeNull());
    // The list is loaded again, with the meeting as saved.
    await waitFor(() => expect(api.requestsTo('GET /api/v1/meetings').length).toBeGreaterThan(listLoads));
  });

  it('says why the server refused, in the interface language', async () => {
    const meeting = scheduled();
    setUp(meeting, apiError(403, ErrorCode.meetingHostOnly));
    const dialog = await openEditor(`/meetings/${meeting.id}`);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await within(dialog).findByText('Only the host and co-hosts can do this.')).toBeTruthy();
  });

  it('is offered to the host and to people who manage meetings, not to other participants', async () => {
    const others = scheduled({ hostId: crypto.randomUUID() });
    setUp(others, { status: 204 });
    const view = renderChats(`/meetings/${others.id}`);
    await screen.findByRole('heading', { name: 'Sprint review' });
    expect(screen.queryByTestId('edit-meeting')).toBeNull();
    view.unmount();

    setUp(others, { status: 204 }, buildMe({ permissions: ['meetings.manage'] }));
    renderChats(`/meetings/${others.id}`);
    expect(await screen.findByTestId('edit-meeting')).toBeTruthy();
  });

  it('is not offered for a meeting that is over', async () => {
    const over = scheduled({ status: 'ended' });
    setUp(over, { status: 204 });
    renderChats(`/meetings/${over.id}`);
    await screen.findByRole('heading', { name: 'Sprint review' });
    expect(screen.queryByTestId('edit-meeting')).toBeNull();
  });
});
