import {
  AttendanceSchema,
  JoinMeetingResponseSchema,
  LobbyEntrySchema,
  type Meeting,
  MeetingListSchema,
  MeetingPreviewSchema,
  MeetingSchema,
  TokenPairSchema,
} from '@beseda/protocol';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData, requestOk } from '../../api/request';
import type { components } from '../../api/schema';
import { TOKEN_DELIVERY_HEADER } from '../../auth/auth-middleware';
import { signIn } from '../../auth/session';

export type CreateMeetingInput = components['schemas']['CreateMeetingRequest'];
export type JoinMeetingInput = components['schemas']['JoinMeetingRequest'];
export type MyParticipantChanges = components['schemas']['UpdateMyParticipantRequest'];
export type ModerationChanges = components['schemas']['ModerateParticipantRequest'];
export type MeetingChanges = components['schemas']['UpdateMeetingRequest'];
export type GuestAccessInput = components['schemas']['GuestAccessRequest'];

export const meetingKeys = {
  all: ['meetings'] as const,
  list: (when: 'upcoming' | 'past') => ['meetings', 'list', when] as const,
  detail: (ref: string) => ['meetings', 'detail', ref] as const,
  preview: (code: string) => ['meetings', 'preview', code] as const,
  attendance: (id: string) => ['meetings', 'attendance', id] as const,
};

const LobbyEntriesSchema = LobbyEntrySchema.array();
/** `{ items: LobbyEntry[] }`, the answer of the lobby list. */
const LobbyListSchema = {
  safeParse: (value: unknown) => LobbyEntriesSchema.safeParse((value as { items?: unknown } | null)?.items),
};

// --- plain calls, for the call engine (it lives outside React) ---------------------------------

export function joinMeeting(ref: string, body: JoinMeetingInput) {
  return requestData(
    apiClient.POST('/api/v1/meetings/{ref}/join', { params: { path: { ref } }, body }),
    JoinMeetingResponseSchema,
  );
}

/** Ends my stay (or my wait in the lobby). `keepalive` lets it finish while the page unloads. */
export function leaveMeeting(meetingId: string, participantId: string, keepalive = false) {
  return requestOk(
    apiClient.DELETE('/api/v1/meetings/{id}/participants/{participantId}', {
      params: { path: { id: meetingId, participantId } },
      keepalive,
    }),
  );
}

export function updateMyParticipant(meetingId: string, participantId: string, body: MyParticipantChanges) {
  return requestOk(
    apiClient.PATCH('/api/v1/meetings/{id}/participants/{participantId}', {
      params: { path: { id: meetingId, participantId } },
      body,
    }),
  );
}

export function sendReaction(meetingId: string, participantId: string, emoji: string) {
  return requestOk(
    apiClient.POST('/api/v1/meetings/{id}/participants/{participantId}/reactions', {
      params: { path: { id: meetingId, participantId } },
      body: { emoji },
    }),
  );
}

export function fetchLobby(meetingId: string) {
  return requestData(
    apiClient.GET('/api/v1/meetings/{id}/lobby', { params: { path: { id: meetingId } } }),
    LobbyListSchema,
  );
}

// --- hooks, for pages ----------------------------------------------------------------------------

/** What the join screen shows for a code; public, so it works before joining. */
export function useMeetingPreview(code: string) {
  return useQuery({
    queryKey: meetingKeys.preview(code),
    queryFn: ({ signal }) =>
      requestData(
        apiClient.GET('/api/v1/meetings/{ref}/preview', { params: { path: { ref: code } }, signal }),
        MeetingPreviewSchema,
      ),
  });
}

/**
 * Someone without an account asks to come: the server makes them a guest account and signs it in,
 * answering like a login, so the session starts exactly as after one (refresh token in the cookie).
 */
export function useGuestAccess(code: string, onSignedIn: (request: GuestAccessInput) => void) {
  return useMutation({
    mutationFn: (body: GuestAccessInput) =>
      requestData(
        apiClient.POST('/api/v1/meetings/{ref}/guests', {
          params: { path: { ref: code } },
          body,
          // Not under /auth/, so the auth middleware does not ask for the cookie by itself.
          headers: { [TOKEN_DELIVERY_HEADER]: 'cookie' },
        }),
        TokenPairSchema,
      ),
    // Here rather than in `mutate`: signing in replaces the guest screen, and callbacks given to
    // `mutate` are dropped once the component that called it is gone.
    onSuccess: (pair, request) => {
      onSignedIn(request);
      signIn(pair);
    },
  });
}

export function useMeeting(ref: string) {
  return useQuery({
    queryKey: meetingKeys.detail(ref),
    queryFn: ({ signal }) =>
      requestData(
        apiClient.GET('/api/v1/meetings/{ref}', { params: { path: { ref } }, signal }),
        MeetingSchema,
      ),
  });
}

export function useMeetingList(when: 'upcoming' | 'past') {
  return useInfiniteQuery({
    queryKey: meetingKeys.list(when),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ signal, pageParam }) =>
      requestData(
        apiClient.GET('/api/v1/meetings', {
          params: { query: { when, limit: 30, cursor: pageParam } },
          signal,
        }),
        MeetingListSchema,
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** Attendance of one occurrence of the meeting (the latest when `occurrence` is undefined). */
export function useAttendance(meetingId: string, enabled: boolean, occurrence?: number) {
  return useQuery({
    queryKey: [...meetingKeys.attendance(meetingId), occurrence ?? 'latest'],
    queryFn: ({ signal }) =>
      requestData(
        apiClient.GET('/api/v1/meetings/{id}/attendance', {
          params: { path: { id: meetingId }, query: occurrence === undefined ? {} : { occurrence } },
          signal,
        }),
        AttendanceSchema,
      ),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** The IANA time zone this browser runs in ('UTC' when it does not say). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** An instant meeting: no date, the usual hour, anyone here may join (a chat's members are invited). */
export function instantMeeting(title: string, chatId?: string): CreateMeetingInput {
  return {
    title: title.slice(0, 200),
    description: '',
    durationMinutes: 60,
    recurrence: 'none',
    timeZone: browserTimeZone(),
    access: 'organisation',
    allowGuests: false,
    invitees: [],
    ...(chatId ? { chatId } : {}),
  };
}

export function useCreateMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMeetingInput) =>
      requestData(apiClient.POST('/api/v1/meetings', { body }), MeetingSchema),
    onSuccess: (meeting) => {
      queryClient.setQueryData(meetingKeys.detail(meeting.id), meeting);
      void queryClient.invalidateQueries({ queryKey: meetingKeys.list('upcoming') });
    },
  });
}

/** The host changes a meeting's details; every list and view of it is refreshed. */
export function useUpdateMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ meetingId, changes }: { meetingId: string; changes: MeetingChanges }) =>
      requestData(
        apiClient.PATCH('/api/v1/meetings/{ref}', { params: { path: { ref: meetingId } }, body: changes }),
        MeetingSchema,
      ),
    onSuccess: (meeting) => {
      queryClient.setQueryData(meetingKeys.detail(meeting.id), meeting);
      void queryClient.invalidateQueries({ queryKey: meetingKeys.all });
    },
  });
}

export function useCancelMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (meeting: Meeting) =>
      requestOk(apiClient.DELETE('/api/v1/meetings/{ref}', { params: { path: { ref: meeting.id } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: meetingKeys.all }),
  });
}

/** The host's and co-hosts' controls during a meeting; the live state follows by meeting.state. */
export function useHostActions(meetingId: string) {
  const path = (participantId: string) => ({ params: { path: { id: meetingId, participantId } } });
  const moderate = useMutation({
    mutationFn: ({ participantId, changes }: { participantId: string; changes: ModerationChanges }) =>
      requestOk(
        apiClient.POST('/api/v1/meetings/{id}/participants/{participantId}/moderate', {
          ...path(participantId),
          body: changes,
        }),
      ),
  });
  const remove = useMutation({
    mutationFn: (participantId: string) =>
      requestOk(apiClient.DELETE('/api/v1/meetings/{id}/participants/{participantId}', path(participantId))),
  });
  const decide = useMutation({
    mutationFn: ({ participantId, admit }: { participantId: string; admit: boolean }) =>
      requestOk(
        apiClient.POST('/api/v1/meetings/{id}/lobby/{participantId}', {
          ...path(participantId),
          body: { admit },
        }),
      ),
  });
  const lock = useMutation({
    mutationFn: (locked: boolean) =>
      requestOk(
        apiClient.POST('/api/v1/meetings/{id}/lock', {
          params: { path: { id: meetingId } },
          body: { locked },
        }),
      ),
  });
  const end = useMutation({
    mutationFn: () =>
      requestOk(apiClient.POST('/api/v1/meetings/{id}/end', { params: { path: { id: meetingId } } })),
  });
  const handOver = useMutation({
    mutationFn: (userId: string) =>
      requestOk(
        apiClient.POST('/api/v1/meetings/{id}/host', {
          params: { path: { id: meetingId } },
          body: { userId },
        }),
      ),
  });
  return { moderate, remove, decide, lock, end, handOver };
}
