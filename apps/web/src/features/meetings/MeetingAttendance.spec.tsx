import { type Attendance } from '@beseda/protocol';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { renderChats } from '../chats/testing/render-chats';
import { buildMeeting } from './testing/meeting-factories';

const me = buildMe({ displayName: 'Anna Petrova' });
const meeting = buildMeeting({
  title: 'Weekly sync',
  hostId: me.id,
  recurrence: 'weekly',
  status: 'scheduled',
});
const occurrences = [
  { startedAt: '2026-11-16T09:00:00.000Z', endedAt: '2026-11-16T09:40:00.000Z' },
  { startedAt: '2026-11-23T09:00:00.000Z', endedAt: '2026-11-23T09:30:00.000Z' },
];

function attendanceOf(occurrence: number, names: string[]): Attendance {
  const held = occurrences[occurrence]!;
  return {
    meetingId: meeting.id,
    occurrences,
    occurrence,
    startedAt: held.startedAt,
    endedAt: held.endedAt,
    durationSeconds: 1800,
    peakParticipants: names.length,
    people: names.map((displayName) => ({
      userId: crypto.randomUUID(),
      displayName,
      firstJoinedAt: held.startedAt,
      lastLeftAt: held.endedAt,
      secondsInMeeting: 1800,
      sessions: [{ joinedAt: held.startedAt, leftAt: held.endedAt, device: null }],
    })),
  };
}

describe('the attendance of a repeating meeting', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('shows the latest occurrence and the others on request', async () => {
    const asked: (string | null)[] = [];
    mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      [`GET /api/v1/meetings/${meeting.id}`]: { status: 200, body: meeting },
      [`GET /api/v1/meetings/${meeting.id}/attendance`]: (request) => {
        const occurrence = new URL(request.url).searchParams.get('occurrence');
        asked.push(occurrence);
        return occurrence === '0'
          ? { status: 200, body: attendanceOf(0, ['Anna Petrova', 'Boris Orlov', 'Vera Sokolova']) }
          : { status: 200, body: attendanceOf(1, ['Anna Petrova']) };
      },
    });
    renderChats(`/meetings/${meeting.id}`);
    const section = await screen.findByTestId('attendance');
    await waitFor(() => expect(within(section).getAllByTestId('attendance-row')).toHaveLength(1));
    const picker = within(section).getByTestId('attendance-occurrence') as HTMLSelectElement;
    expect(picker.value).toBe('1');
    expect(picker.options).toHaveLength(2);

    fireEvent.change(picker, { target: { value: '0' } });
    await waitFor(() => expect(within(section).getAllByTestId('attendance-row')).toHaveLength(3));
    expect(asked).toEqual([null, '0']);
  });
});
