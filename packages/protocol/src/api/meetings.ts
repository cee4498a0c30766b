import { z } from 'zod';

/**
 * Who may come in. `organisation`: anyone with an account here (guest accounts only when invited).
 * `invitees`: the host, co-hosts and invitees; anyone else waits in the lobby. `code`: anyone who
 * has the code (and the passcode, when there is one); people without an account too, when the
 * host allows guests, always through the lobby.
 */
export const MeetingAccessSchema = z.enum(['organisation', 'invitees', 'code']);
export type MeetingAccess = z.infer<typeof MeetingAccessSchema>;

export const MeetingRecurrenceSchema = z.enum(['none', 'daily', 'weekly']);
export const MeetingRoleSchema = z.enum(['host', 'cohost', 'participant', 'guest']);
export type MeetingRole = z.infer<typeof MeetingRoleSchema>;

/**
 * How media flows. `p2p`: two people, directly. `mesh`: a few people, each to each. `sfu`:
 * everyone publishes to the Janus SFU and receives the others from it.
 */
export const MeetingTopologySchema = z.enum(['p2p', 'mesh', 'sfu']);
export type MeetingTopology = z.infer<typeof MeetingTopologySchema>;

/** `live` from the first join until the host ends it or the last person leaves. */
export const MeetingStatusSchema = z.enum(['scheduled', 'live', 'ended', 'cancelled']);

/** Three letters, four, three: easy to read out and type, too many to guess (26^10). */
export const MEETING_CODE_PATTERN = /^[a-z]{3}-[a-z]{4}-[a-z]{3}$/;

/** A meeting's id or its code, in paths. */
export const MeetingRefSchema = z.union([z.uuid(), z.string().regex(MEETING_CODE_PATTERN)]);

export const MEETING_MAX_DURATION_MINUTES = 24 * 60;

const TitleSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((title) => ![...title].some((char) => char.charCodeAt(0) < 0x20), 'No control characters');

const PasscodeSchema = z
  .string()
  .trim()
  .min(4)
  .max(32)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'Letters, digits, - and _');

export const CreateMeetingRequestSchema = z
  .strictObject({
    title: TitleSchema,
    description: z.string().trim().max(4000).default(''),
    /** Absent for an instant meeting, which starts when the first person joins. */
    startsAt: z.iso.datetime({ offset: true }).optional(),
    durationMinutes: z.number().int().min(5).max(MEETING_MAX_DURATION_MINUTES).default(60),
    recurrence: MeetingRecurrenceSchema.default('none'),
    /**
     * IANA time zone (`Europe/Berlin`) whose clock a recurring meeting keeps to; the web client
     * sends the browser's. An unknown one is refused with meeting.invalid_time_zone.
     */
    timeZone: z.string().min(1).max(64).default('UTC'),
    access: MeetingAccessSchema.default('organisation'),
    passcode: PasscodeSchema.optional(),
    /** People without an account may ask to join by link (only with access `code`). */
    allowGuests: z.boolean().default(false),
    invitees: z.array(z.uuid()).max(500).default([]),
    /** Started from a chat: its members are invited and the chat links to the meeting. */
    chatId: z.uuid().optional(),
  })
  .meta({ id: 'CreateMeetingRequest' });
export type CreateMeetingRequest = z.input<typeof CreateMeetingRequestSchema>;

export const UpdateMeetingRequestSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    description: z.string().trim().max(4000).optional(),
    startsAt: z.iso.datetime({ offset: true }).nullable().optional(),
    durationMinutes: z.number().int().min(5).max(MEETING_MAX_DURATION_MINUTES).optional(),
    recurrence: MeetingRecurrenceSchema.optional(),
    timeZone: z.string().min(1).max(64).optional(),
    access: MeetingAccessSchema.optional(),
    /** null removes the passcode. */
    passcode: PasscodeSchema.nullable().optional(),
    allowGuests: z.boolean().optional(),
    /** The whole invitee list (replaces the previous one). */
    invitees: z.array(z.uuid()).max(500).optional(),
  })
  .meta({ id: 'UpdateMeetingRequest' });

export const MeetingSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    /** PUBLIC_URL/m/<code> */
    url: z.string(),
    title: z.string(),
    description: z.string(),
    hostId: z.uuid(),
    cohostIds: z.array(z.uuid()),
    startsAt: z.iso.datetime().nullable(),
    durationMinutes: z.number().int(),
    recurrence: MeetingRecurrenceSchema,
    /** IANA time zone whose clock the meeting recurs by; UTC when none was given. */
    timeZone: z.string(),
    access: MeetingAccessSchema,
    hasPasscode: z.boolean(),
    /** Shown to the host and co-hosts only (they share it); null for everyone else. */
    passcode: z.string().nullable(),
    allowGuests: z.boolean(),
    status: MeetingStatusSchema,
    locked: z.boolean(),
    /** The meeting's own chat, kept after the meeting. */
    chatId: z.uuid(),
    /** The chat it was started from, if any. */
    originChatId: z.uuid().nullable(),
    invitees: z.array(z.uuid()),
    /** People in the meeting now. */
    participantCount: z.number().int(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Meeting' });
export type Meeting = z.infer<typeof MeetingSchema>;

/** What a person who is not in the meeting sees before joining (by code, with no rights yet). */
export const MeetingPreviewSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    title: z.string(),
    status: MeetingStatusSchema,
    startsAt: z.iso.datetime().nullable(),
    hasPasscode: z.boolean(),
    allowGuests: z.boolean(),
  })
  .meta({ id: 'MeetingPreview' });

export const MeetingListSchema = z
  .object({ items: z.array(MeetingSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'MeetingList' });

export const MeetingListQuerySchema = z.object({
  /** upcoming: scheduled or live; past: ended or cancelled. */
  when: z.enum(['upcoming', 'past']).default('upcoming'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(200).optional(),
});

export const MeetingParticipantSchema = z
  .object({
    /** One stay in the meeting: a new id on every join. */
    id: z.uuid(),
    /** null for a guest without an account. */
    userId: z.uuid().nullable(),
    displayName: z.string(),
    role: MeetingRoleSchema,
    audio: z.boolean(),
    video: z.boolean(),
    screen: z.boolean(),
    handRaised: z.boolean(),
    joinedAt: z.iso.datetime(),
  })
  .meta({ id: 'MeetingParticipant' });
export type MeetingParticipant = z.infer<typeof MeetingParticipantSchema>;

export const IceServerSchema = z
  .object({
    urls: z.array(z.string()),
    username: z.string().optional(),
    credential: z.string().optional(),
  })
  .meta({ id: 'IceServer' });
export type IceServer = z.infer<typeof IceServerSchema>;

export const JoinMeetingRequestSchema = z
  .strictObject({
    passcode: z.string().max(64).optional(),
    /** Guests without an account: the name others see. */
    displayName: z.string().trim().min(1).max(64).optional(),
    /** The device, as the person would recognise it ("Chrome on Linux"); recorded in attendance. */
    device: z.string().trim().max(120).optional(),
    audio: z.boolean().default(true),
    video: z.boolean().default(true),
    /** After waiting in the lobby and being admitted: the stay that waited. */
    participantId: z.uuid().optional(),
  })
  .meta({ id: 'JoinMeetingRequest' });

/**
 * Someone without an account asks to come to a meeting that allows guests: they get a guest
 * account of their own (signed in, as after a login) that waits in the lobby when it joins.
 */
export const GuestAccessRequestSchema = z
  .strictObject({
    displayName: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .refine((name) => ![...name].some((char) => char.charCodeAt(0) < 0x20), 'No control characters'),
    passcode: z.string().max(64).optional(),
    language: z.enum(['ru', 'en']).default('ru'),
  })
  .meta({ id: 'GuestAccessRequest' });

/** The live state everyone in the meeting shares; sent again whenever it changes. */
export const MeetingStateSchema = z
  .object({
    meetingId: z.uuid(),
    status: MeetingStatusSchema,
    topology: MeetingTopologySchema,
    hostId: z.uuid(),
    cohostIds: z.array(z.uuid()),
    locked: z.boolean(),
    participants: z.array(MeetingParticipantSchema),
  })
  .meta({ id: 'MeetingState' });
export type MeetingState = z.infer<typeof MeetingStateSchema>;

export const JoinMeetingResponseSchema = z
  .discriminatedUnion('state', [
    z.object({
      state: z.literal('joined'),
      participantId: z.uuid(),
      role: MeetingRoleSchema,
      meeting: MeetingSchema,
      live: MeetingStateSchema,
      iceServers: z.array(IceServerSchema),
      /**
       * When the TURN credentials in `iceServers` stop working (null without TURN): ask for fresh
       * ones with `meeting.ice_servers` before then.
       */
      iceServersExpireAt: z.iso.datetime().nullable(),
      /** `relay`: connect only through the TURN servers (the server's TURN_ONLY), else `all`. */
      iceTransportPolicy: z.enum(['all', 'relay']),
      /** Send a heartbeat at least this often, or the server counts the participant gone. */
      heartbeatIntervalMs: z.number().int().positive(),
    }),
    z.object({
      state: z.literal('lobby'),
      participantId: z.uuid(),
      meeting: MeetingPreviewSchema,
      heartbeatIntervalMs: z.number().int().positive(),
    }),
  ])
  .meta({ id: 'JoinMeetingResponse' });
export type JoinMeetingResponse = z.infer<typeof JoinMeetingResponseSchema>;

export const LobbyEntrySchema = z
  .object({
    participantId: z.uuid(),
    userId: z.uuid().nullable(),
    displayName: z.string(),
    since: z.iso.datetime(),
  })
  .meta({ id: 'LobbyEntry' });
export type LobbyEntry = z.infer<typeof LobbyEntrySchema>;

export const LobbyDecisionRequestSchema = z
  .strictObject({ admit: z.boolean() })
  .meta({ id: 'LobbyDecisionRequest' });

/** The caller's own media and hand, as others should show them. */
export const UpdateMyParticipantRequestSchema = z
  .strictObject({
    audio: z.boolean().optional(),
    video: z.boolean().optional(),
    screen: z.boolean().optional(),
    handRaised: z.boolean().optional(),
  })
  .meta({ id: 'UpdateMyParticipantRequest' });

/**
 * Host and co-host actions on a participant: turn their microphone or camera off (they may turn
 * it on again), lower their hand, change their role.
 */
export const ModerateParticipantRequestSchema = z
  .strictObject({
    audio: z.literal(false).optional(),
    video: z.literal(false).optional(),
    handRaised: z.literal(false).optional(),
    role: z.enum(['cohost', 'participant']).optional(),
  })
  .meta({ id: 'ModerateParticipantRequest' });

export const MeetingReactionRequestSchema = z
  .strictObject({ emoji: z.string().min(1).max(16) })
  .meta({ id: 'MeetingReactionRequest' });

export const HandOverRequestSchema = z.strictObject({ userId: z.uuid() }).meta({ id: 'HandOverRequest' });

export const LockMeetingRequestSchema = z
  .strictObject({ locked: z.boolean() })
  .meta({ id: 'LockMeetingRequest' });

/** `GET /meetings/:id/attendance?occurrence=N`: one occurrence of a repeating meeting (0 the first). */
export const AttendanceQuerySchema = z.strictObject({
  occurrence: z.coerce.number().int().min(0).max(10_000).optional(),
});

export const AttendanceSchema = z
  .object({
    meetingId: z.uuid(),
    /**
     * Every time the meeting took place (people in it with no long break), oldest first; the
     * summary is of `occurrence` (the latest unless asked).
     */
    occurrences: z.array(z.object({ startedAt: z.iso.datetime(), endedAt: z.iso.datetime().nullable() })),
    occurrence: z.number().int(),
    startedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    durationSeconds: z.number().int(),
    peakParticipants: z.number().int(),
    people: z.array(
      z.object({
        userId: z.uuid().nullable(),
        displayName: z.string(),
        firstJoinedAt: z.iso.datetime(),
        lastLeftAt: z.iso.datetime().nullable(),
        secondsInMeeting: z.number().int(),
        sessions: z.array(
          z.object({
            joinedAt: z.iso.datetime(),
            leftAt: z.iso.datetime().nullable(),
            device: z.string().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Attendance' });
export type Attendance = z.infer<typeof AttendanceSchema>;

/**
 * WebRTC signaling between two participants, relayed by the server: an SDP description or an
 * ICE candidate. The server checks both are in the meeting and never reads the content.
 */
export const SignalPayloadSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('description'),
    description: z.object({
      type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
      sdp: z.string().max(200_000),
    }),
  }),
  z.object({
    kind: z.literal('candidate'),
    candidate: z
      .object({
        candidate: z.string().max(2000),
        sdpMid: z.string().max(64).nullable().optional(),
        sdpMLineIndex: z.number().int().min(0).max(1000).nullable().optional(),
        usernameFragment: z.string().max(256).nullable().optional(),
      })
      .nullable(),
  }),
]);
export type SignalPayload = z.infer<typeof SignalPayloadSchema>;

/** `meeting.signal` over the socket: from my participant to another in the same meeting. */
export const MeetingSignalCommandSchema = z.strictObject({
  meetingId: z.uuid(),
  from: z.uuid(),
  to: z.uuid(),
  payload: SignalPayloadSchema,
});

/** `meeting.heartbeat` over the socket: I am still here (in the meeting or in its lobby). */
export const MeetingHeartbeatCommandSchema = z.strictObject({
  meetingId: z.uuid(),
  participantId: z.uuid(),
});

/**
 * `meeting.ice_servers` over the socket: fresh ICE servers (new TURN credentials) for my stay, for
 * a call that outlasts the ones it joined with. Answers `{iceServers, expiresAt}`.
 */
export const MeetingIceServersCommandSchema = MeetingHeartbeatCommandSchema;

export interface MeetingIceServers {
  iceServers: IceServer[];
  expiresAt: string | null;
}

/** An SDP offer or answer, as RTCSessionDescription.toJSON() gives it. */
export const JsepSchema = z.object({
  type: z.enum(['offer', 'answer']),
  sdp: z.string().min(1).max(200_000),
});
export type Jsep = z.infer<typeof JsepSchema>;

const SfuStay = { meetingId: z.uuid(), participantId: z.uuid() };

/**
 * Through the SFU, browsers never talk to Janus's API: these socket commands go to the server,
 * which relays them to Janus on the participant's behalf. `meeting.sfu.publish`: my camera,
 * microphone and screen as an SDP offer (again whenever they change); answers `{jsep}`.
 */
export const SfuPublishCommandSchema = z.strictObject({
  ...SfuStay,
  jsep: JsepSchema,
  /** What each video m-line of the offer carries, so receivers can tell a camera from a screen. */
  descriptions: z
    .array(z.strictObject({ mid: z.string().min(1).max(16), description: z.enum(['camera', 'screen']) }))
    .max(8)
    .optional(),
});

/**
 * `meeting.sfu.subscribe`: receive these participants' streams (all on one connection), stop
 * receiving those. Answers `{jsep}` with Janus's offer to answer with `meeting.sfu.answer`, or
 * `{jsep: null}` when nothing changed.
 */
const SfuStreamRefSchema = z.strictObject({
  participantId: z.uuid(),
  /** One stream (its mid in the participant's publishing connection); all of theirs without it. */
  mid: z.string().min(1).max(16).optional(),
});

export const SfuSubscribeCommandSchema = z.strictObject({
  ...SfuStay,
  feeds: z.array(SfuStreamRefSchema).max(200).default([]),
  unsubscribe: z.array(SfuStreamRefSchema).max(200).default([]),
});

/**
 * One m-line of my receiving connection through the SFU: which participant's stream it carries
 * (`feedMid` is the mid in that participant's own publishing connection).
 */
export const SfuSubscribedStreamSchema = z.object({
  mid: z.string(),
  participantId: z.string(),
  feedMid: z.string(),
  type: z.string(),
});
export type SfuSubscribedStream = z.infer<typeof SfuSubscribedStreamSchema>;

/** The answer to `meeting.sfu.subscribe`: Janus's offer (or null) and the m-lines it describes. */
export interface SfuSubscribeResult {
  jsep: Jsep | null;
  streams: SfuSubscribedStream[];
}

/** `meeting.sfu.leave`: I stopped using the SFU (the meeting went back to peer-to-peer). */
export const SfuLeaveCommandSchema = z.strictObject(SfuStay);

/** `meeting.sfu.answer`: my answer to the subscription offer (from subscribe or `meeting.sfu.offer`). */
export const SfuAnswerCommandSchema = z.strictObject({ ...SfuStay, jsep: JsepSchema });

/** `meeting.sfu.trickle`: an ICE candidate of my publishing or receiving connection; null when done. */
export const SfuTrickleCommandSchema = z.strictObject({
  ...SfuStay,
  target: z.enum(['publisher', 'subscriber']),
  candidate: z
    .object({
      candidate: z.string().max(2000),
      sdpMid: z.string().max(64).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(1000).nullable().optional(),
    })
    .nullable(),
});

/** `meeting.sfu.layer`: which simulcast layer of a received video fits its tile (0 smallest). */
export const SfuLayerCommandSchema = z.strictObject({
  ...SfuStay,
  mid: z.string().min(1).max(16),
  substream: z.number().int().min(0).max(2),
});

export const SfuFeedSchema = z.object({
  participantId: z.string(),
  streams: z.array(z.object({ mid: z.string(), type: z.string(), description: z.string().optional() })),
});
export type SfuFeed = z.infer<typeof SfuFeedSchema>;
