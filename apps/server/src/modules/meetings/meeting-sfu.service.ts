import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  ErrorCode,
  type Jsep,
  type RealtimeEvent,
  SfuAnswerCommandSchema,
  SfuLayerCommandSchema,
  SfuLeaveCommandSchema,
  type SfuSubscribeResult,
  SfuPublishCommandSchema,
  SfuSubscribeCommandSchema,
  SfuTrickleCommandSchema,
} from '@beseda/protocol';
import { type Logger } from 'pino';
import { type z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { ServerSecrets } from '../../infra/db/server-secrets.js';
import { LOGGER } from '../../infra/infra.module.js';
import { JanusErrorCode, SfuError } from '../../infra/media/janus-errors.js';
import { type JanusPublisher, type JanusSubscriber, type RoomFeed } from '../../infra/media/janus-peers.js';
import { type JanusSfu } from '../../infra/media/janus-sfu.js';
import { JANUS_SFU } from '../../infra/media/media.module.js';
import { RealtimeCommands } from '../../realtime/realtime-commands.js';
import { RealtimeFanout } from '../../realtime/realtime-fanout.js';
import { type Principal } from '../auth/guard/principal.js';
import { MeetingsRepository, type ParticipantRow } from './meetings.repository.js';

const SECRET_NAME = 'janus-room-hmac';
/** Most people one room lets publish; above it Janus refuses the publish. */
const MAX_PUBLISHERS = 100;

const participantNotFound = () =>
  new AppError(ErrorCode.meetingParticipantNotFound, 404, 'That participant is not in the meeting');
const noSfu = () =>
  new AppError(ErrorCode.unavailable, 503, 'The meeting server (SFU) is not configured or not reachable');

/** One stay's handles in Janus, on the node whose socket the stay's client uses. */
interface Peer {
  meetingId: string;
  userId: string;
  publisher: JanusPublisher;
  subscriber?: JanusSubscriber;
}

/**
 * Meetings through the Janus SFU, relayed: the browser sends its SDP and ICE candidates over
 * Beseda's socket, and this service joins Janus on its behalf (rooms, pins and secrets never
 * leave the server; a participant the host removes is kicked from Janus at once). Each stay's
 * Janus handles live on the node that received its commands; ending a stay from another node
 * kicks it through the room secret, which every node derives alike from a stored key.
 */
@Injectable()
export class MeetingSfuService implements OnApplicationBootstrap {
  private readonly peers = new Map<string, Peer>();
  /** Rooms this node knows exist; forgotten when the Janus session is lost. */
  private readonly rooms = new Set<string>();
  private key: Buffer | undefined;

  constructor(
    @Inject(JANUS_SFU) private readonly sfu: JanusSfu | null,
    private readonly meetings: MeetingsRepository,
    private readonly secrets: ServerSecrets,
    private readonly fanout: RealtimeFanout,
    private readonly commands: RealtimeCommands,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Janus is configured and this node is connected to it. While it is not (down, restarting),
   * meetings that change meanwhile fall back to a mesh rather than to media that cannot flow.
   */
  get available(): boolean {
    return this.sfu?.isConnected ?? false;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.commands.register('meeting.sfu.publish', SfuPublishCommandSchema, (params, { principal }) =>
      this.publish(principal, params),
    );
    this.commands.register('meeting.sfu.subscribe', SfuSubscribeCommandSchema, (params, { principal }) =>
      this.subscribe(principal, params),
    );
    this.commands.register('meeting.sfu.answer', SfuAnswerCommandSchema, async (params, { principal }) => {
      const peer = await this.peerOf(principal, params);
      if (!peer.subscriber) throw participantNotFound();
      await peer.subscriber.start(params.jsep);
      return {};
    });
    this.commands.register('meeting.sfu.trickle', SfuTrickleCommandSchema, async (params, { principal }) => {
      const peer = await this.peerOf(principal, params);
      const target = params.target === 'publisher' ? peer.publisher : peer.subscriber;
      await target?.trickle(params.candidate);
      return {};
    });
    this.commands.register('meeting.sfu.leave', SfuLeaveCommandSchema, async (params, { principal }) => {
      const stay = await this.ownStay(principal, params.meetingId, params.participantId);
      await this.release([stay]);
      return {};
    });
    this.commands.register('meeting.sfu.layer', SfuLayerCommandSchema, async (params, { principal }) => {
      const peer = await this.peerOf(principal, params);
      await peer.subscriber?.selectLayer(params.mid, params.substream as 0 | 1 | 2);
      return {};
    });
    if (!this.sfu) return;
    this.key = Buffer.from(
      await this.secrets.get(SECRET_NAME, () => randomBytes(32).toString('base64url')),
      'base64url',
    );
    // A lost session takes every handle with it (and a restarted Janus its rooms).
    this.sfu.on('disconnected', () => this.rooms.clear());
  }

  /** The room's secret and pin, the same on every node. */
  private room(meetingId: string) {
    const mac = (what: string) =>
      createHmac('sha256', this.key!).update(`${what}:${meetingId}`).digest('base64url');
    return { roomId: meetingId, secret: mac('secret'), pin: mac('pin') };
  }

  private async ensureRoom(meetingId: string): Promise<void> {
    if (this.rooms.has(meetingId)) return;
    try {
      await this.sfu!.createRoom({ ...this.room(meetingId), maxPublishers: MAX_PUBLISHERS });
    } catch (error) {
      if (!(error instanceof SfuError && error.janusCode === JanusErrorCode.roomExists)) throw error;
    }
    this.rooms.add(meetingId);
  }

  private async ownStay(
    principal: Principal,
    meetingId: string,
    participantId: string,
  ): Promise<ParticipantRow> {
    const stay = await this.meetings.participant(participantId);
    if (
      !stay ||
      stay.meetingId !== meetingId ||
      stay.userId !== principal.userId ||
      stay.status !== 'joined'
    ) {
      throw participantNotFound();
    }
    return stay;
  }

  private async peerOf(principal: Principal, params: { meetingId: string; participantId: string }) {
    await this.ownStay(principal, params.meetingId, params.participantId);
    const peer = this.peers.get(params.participantId);
    if (!peer) throw participantNotFound();
    return peer;
  }

  /** My media, published (the first offer joins the room on my behalf); answers Janus's answer. */
  async publish(principal: Principal, params: z.output<typeof SfuPublishCommandSchema>) {
    if (!this.sfu) throw noSfu();
    const stay = await this.ownStay(principal, params.meetingId, params.participantId);
    let peer = this.peers.get(stay.id);
    if (!peer) {
      await this.ensureRoom(stay.meetingId);
      const publisher = await this.sfu.joinAsPublisher({
        ...this.room(stay.meetingId),
        participantId: stay.id,
        display: stay.displayName,
      });
      peer = { meetingId: stay.meetingId, userId: principal.userId, publisher };
      this.peers.set(stay.id, peer);
      this.follow(stay.id, peer);
      if (publisher.feeds.length > 0) this.tellFeeds(stay.id, peer, publisher.feeds);
    }
    return { jsep: await peer.publisher.publish(params.jsep, { descriptions: params.descriptions }) };
  }

  /** Starts or changes what I receive; answers Janus's offer, or null when there is none. */
  async subscribe(
    principal: Principal,
    params: z.output<typeof SfuSubscribeCommandSchema>,
  ): Promise<SfuSubscribeResult> {
    const peer = await this.peerOf(principal, params);
    const streams = (refs: { participantId: string; mid?: string | undefined }[]) =>
      refs
        .filter((ref) => ref.participantId !== params.participantId)
        .map(({ participantId, mid }) => (mid === undefined ? { participantId } : { participantId, mid }));
    if (!peer.subscriber) {
      if (params.feeds.length === 0) return { jsep: null, streams: [] };
      const subscriber = await this.sfu!.subscribe({
        ...this.room(peer.meetingId),
        privateId: peer.publisher.privateId,
        streams: streams(params.feeds),
      });
      peer.subscriber = subscriber;
      subscriber.on('offer', (jsep, streams) =>
        this.tell(peer, {
          type: 'meeting.sfu.offer',
          data: {
            meetingId: peer.meetingId,
            participantId: params.participantId,
            jsep: jsep as Jsep,
            streams,
          },
        }),
      );
      subscriber.on('closed', () => {
        if (peer.subscriber === subscriber) peer.subscriber = undefined;
      });
      return { jsep: subscriber.offer as Jsep, streams: subscriber.streams };
    }
    const updated = await peer.subscriber.update({
      subscribe: streams(params.feeds),
      unsubscribe: streams(params.unsubscribe),
    });
    return { jsep: (updated.jsep as Jsep | undefined) ?? null, streams: updated.streams };
  }

  private follow(participantId: string, peer: Peer) {
    const { publisher } = peer;
    const about = { meetingId: peer.meetingId, participantId };
    publisher.on('feeds', (feeds) => this.tellFeeds(participantId, peer, feeds));
    publisher.on('gone', (feed) => this.tell(peer, { type: 'meeting.sfu.gone', data: { ...about, feed } }));
    publisher.on('closed', (reason) => {
      if (this.peers.get(participantId) !== peer) return;
      this.peers.delete(participantId);
      void peer.subscriber?.close();
      // The browser closed its connection: leave the room too, so that it can publish again later.
      if (reason === 'hangup') void publisher.leave();
      this.tell(peer, { type: 'meeting.sfu.closed', data: { ...about, reason } });
    });
  }

  private tellFeeds(participantId: string, peer: Peer, feeds: RoomFeed[]) {
    this.tell(peer, {
      type: 'meeting.sfu.feeds',
      data: {
        meetingId: peer.meetingId,
        participantId,
        feeds: feeds.map((feed) => ({
          participantId: feed.participantId,
          streams: feed.streams.map(({ mid, type, description }) => ({ mid, type, description })),
        })),
      },
    });
  }

  /** Janus's news, to the stay's user (their client picks it out by participantId). */
  private tell(peer: Peer, event: RealtimeEvent) {
    this.fanout
      .toUsers([peer.userId], event)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'SFU event not delivered'));
  }

  /**
   * Stays that ended (left, removed, swept): their handles are closed here, or kicked through the
   * room secret when another node holds them, so removed people lose their media at once.
   */
  async release(stays: Array<Pick<ParticipantRow, 'id' | 'meetingId'>>): Promise<void> {
    if (!this.sfu) return;
    for (const stay of stays) {
      const peer = this.peers.get(stay.id);
      if (peer) {
        this.peers.delete(stay.id);
        await peer.subscriber?.close();
        await peer.publisher.leave();
        continue;
      }
      await this.sfu.kick({ ...this.room(stay.meetingId), participantId: stay.id }).catch(() => undefined); // not in the room (never published, or already gone)
    }
  }

  /** The meeting is over: its room goes, and everyone still in it with it. */
  async closeRoom(meetingId: string): Promise<void> {
    if (!this.sfu) return;
    this.rooms.delete(meetingId);
    await this.sfu.destroyRoom(this.room(meetingId)).catch((error: unknown) => {
      this.logger.warn({ err: error, meetingId }, 'SFU room not destroyed');
    });
  }
}
