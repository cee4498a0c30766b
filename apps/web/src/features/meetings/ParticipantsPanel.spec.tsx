import { QueryClient } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppProviders } from '../../app/AppProviders';
import { signIn } from '../../auth/session';
import { createI18n } from '../../i18n/i18n';
import { mockApi } from '../../test/api-mock';
import { buildTokenPair } from '../../test/factories';
import { ParticipantsPanel } from './ParticipantsPanel';
import { buildLive, buildMeeting, buildParticipant } from './testing/meeting-factories';

const meeting = buildMeeting();
const anna = buildParticipant({ displayName: 'Anna Petrova', role: 'host' });
const boris = buildParticipant({ displayName: 'Boris Orlov', handRaised: true });
const vera = buildParticipant({ displayName: 'Vera Sokolova', audio: false, video: false });
const waiting = {
  participantId: crypto.randomUUID(),
  userId: crypto.randomUUID(),
  displayName: 'Gleb Smirnov',
  since: '2026-03-01T09:05:00.000Z',
};
const base = `/api/v1/meetings/${meeting.id}`;

function renderPanel(myId: string, locked = false) {
  const api = mockApi({
    [`POST ${base}/participants/${boris.id}/moderate`]: { status: 204 },
    [`DELETE ${base}/participants/${boris.id}`]: { status: 204 },
    [`POST ${base}/lobby/${waiting.participantId}`]: { status: 204 },
    [`POST ${base}/lock`]: { status: 204 },
    [`POST ${base}/end`]: { status: 204 },
    [`POST ${base}/host`]: { status: 204 },
  });
  render(
    <AppProviders i18n={createI18n({ language: 'en' })} queryClient={new QueryClient()}>
      <ParticipantsPanel
        meetingId={meeting.id}
        live={buildLive(meeting, [anna, boris, vera], { locked })}
        myId={myId}
        lobby={[waiting]}
        onClose={() => undefined}
      />
    </AppProviders>,
  );
  return { api, panel: screen.getByTestId('participants-panel') };
}

async function bodyOf(api: ReturnType<typeof mockApi>, route: string, index = 0) {
  await waitFor(() => expect(api.requestsTo(route).length).toBeGreaterThan(index));
  return api.requestsTo(route)[index]!.json();
}

function openActions(panel: HTMLElement, name: string) {
  fireEvent.click(within(panel).getByRole('button', { name: `Actions for ${name}` }));
  return within(panel)
    .getAllByRole('menuitem')
    .map((item) => item.textContent);
}

describe('the participants panel', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('offers the host every control over a participant, each one a request to the server', async () => {
    const { api, panel } = renderPanel(anna.id);
    expect(openActions(panel, 'Boris Orlov')).toEqual([
      'Turn microphone off',
      'Turn camera off',
      'Lower hand',
      'Make co-host',
      'Make host',
      'Remove from meeting',
    ]);
    fireEvent.click(within(panel).getByRole('menuitem', { name: 'Turn microphone off' }));
    const moderate = `POST ${base}/participants/${boris.id}/moderate`;
    expect(await bodyOf(api, moderate)).toEqual({ audio: false });

    openActions(panel, 'Boris Orlov');
    fireEvent.click(within(panel).getByRole('menuitem', { name: 'Lower hand' }));
    expect(await bodyOf(api, moderate, 1)).toEqual({ handRaised: false });

    openActions(panel, 'Boris Orlov');
    fireEvent.click(within(panel).getByRole('menuitem', { name: 'Make co-host' }));
    expect(await bodyOf(api, moderate, 2)).toEqual({ role: 'cohost' });
  });

  it('removes someone only after the host confirms', async () => {
    const { api, panel } = renderPanel(anna.id);
    openActions(panel, 'Boris Orlov');
    fireEvent.click(within(panel).getByRole('menuitem', { name: 'Remove from meeting' }));
    const dialog = await screen.findByTestId('remove-participant-dialog');
    expect(api.requestsTo(`DELETE ${base}/participants/${boris.id}`)).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(api.requestsTo(`DELETE ${base}/participants/${boris.id}`)).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('remove-participant-dialog')).toBeNull());
  });

  it('lets the host admit people from the lobby, lock the meeting and end it for everyone', async () => {
    const { api, panel } = renderPanel(anna.id);
    const lobby = within(panel).getByTestId('lobby-list');
    expect(within(lobby).getByText('Gleb Smirnov')).toBeTruthy();
    fireEvent.click(within(lobby).getByRole('button', { name: 'Admit Gleb Smirnov' }));
    expect(await bodyOf(api, `POST ${base}/lobby/${waiting.participantId}`)).toEqual({ admit: true });

    fireEvent.click(within(panel).getByRole('button', { name: 'Lock meeting' }));
    expect(await bodyOf(api, `POST ${base}/lock`)).toEqual({ locked: true });

    fireEvent.click(within(panel).getByRole('button', { name: 'End for everyone' }));
    const dialog = await screen.findByTestId('end-meeting-dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'End for everyone' }));
    await waitFor(() => expect(api.requestsTo(`POST ${base}/end`)).toHaveLength(1));
  });

  it('hands the meeting over to another person after confirming', async () => {
    const { api, panel } = renderPanel(anna.id);
    openActions(panel, 'Boris Orlov');
    fireEvent.click(within(panel).getByRole('menuitem', { name: 'Make host' }));
    const dialog = await screen.findByTestId('hand-over-dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Make host' }));
    expect(await bodyOf(api, `POST ${base}/host`)).toEqual({ userId: boris.userId });
  });

  it('shows an ordinary participant who is in, muted or with a hand up, and no controls', () => {
    const { panel } = renderPanel(vera.id);
    expect(within(panel).queryByRole('button', { name: /Actions for/ })).toBeNull();
    expect(within(panel).queryByTestId('lobby-list')).toBeNull();
    expect(within(panel).queryByRole('button', { name: 'End for everyone' })).toBeNull();
    const rows = within(panel).getAllByTestId('participant');
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringContaining('Anna Petrova'),
      expect.stringContaining('Hand raised'),
      expect.stringContaining('Microphone off'),
    ]);
  });
});
