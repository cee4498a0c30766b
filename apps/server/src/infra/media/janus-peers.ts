import { EventEmitter } from 'node:events';
import type { JanodePublisherInfo, Jsep, VideoRoomHandle } from 'janode/plugins/videoroom';

export type { Jsep } from 'janode/plugins/videoroom';

/** One ICE candidate from the browser, as RTCIceCandidate.toJSON() gives it; null ends trickling. */
export type IceCandidate = {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
} | null;

/** A participant's published streams, as other participants see them. */
export interface RoomFeed {
  participantId: string;
  display: string | undefined;
  streams: { mid: string; type: string; codec?: string; simulcast?: boolean; description?: string }[];
}

/** A stream to receive: one participant's stream `mid`, or all their streams without it. */
export interface SubscribeStream {
  participantId: string;
  mid?: string;
}

/** One m-line of a subscription: which participant's stream (`feedMid` in their connection) it carries. */
export interface SubscribedStream {
  mid: string;
  participantId: string;
  feedMid: string;
  type: string;
}

type Request = <T>(what: string, run: () => Promise<T>) => Promise<T>;

/** Events of a participant's publisher handle, to forward to their browser. */
export type PublisherEvents = {
  /** Others started (or changed) publishing. */
  feeds: [RoomFeed[]];
  /** Another participant stopped publishing or left. */
  gone: [participantId: string];
  talking: [participantId: string, talking: boolean];
  /** This participant is out of the room: kicked, the room destroyed, or the Janus session lost. */
  closed: [reason: 'kicked' | 'left' | 'room_destroyed' | 'hangup' | 'detached'];
};

const VIDEOROOM = {
  pubList: 'videoroom_publisher_list',
  unpublished: 'videoroom_unpublished',
  leaving: 'videoroom_leaving',
  kicked: 'videoroom_kicked',
  destroyed: 'videoroom_destroyed',
  talking: 'videoroom_talking',
  updated: 'videoroom_updated',
} as const;

const HANDLE_HANGUP = 'handle_hangup';
const HANDLE_DETACHED = 'handle_detached';

/**
 * A participant in a room, joined by the server on their behalf. The browser's SDP offer and
 * ICE candidates are relayed here; Janus answers with its own candidates in the SDP (half
 * trickle), so nothing has to flow back but the answer and the events.
 */
export class JanusPublisher extends EventEmitter<PublisherEvents> {
  readonly participantId: string;
  /** What `JanusSfu.subscribe` needs to prove this participant joined. */
  readonly privateId: number;
  /** Who was already publishing when this participant joined. */
  readonly feeds: RoomFeed[];
  private published = false;

  constructor(
    private readonly handle: VideoRoomHandle,
    joined: { feed: string | number; private_id: number; publishers: JanodePublisherInfo[] },
    private readonly request: Request,
  ) {
    super();
    this.participantId = String(joined.feed);
    this.privateId = joined.private_id;
    this.feeds = joined.publishers.map(toRoomFeed);
    handle.on(VIDEOROOM.pubList, ({ publishers }: { publishers: JanodePublisherInfo[] }) =>
      this.emit('feeds', publishers.map(toRoomFeed)),
    );
    handle.on(VIDEOROOM.unpublished, ({ feed }: { feed: string | number }) => this.othersGone(feed));
    handle.on(VIDEOROOM.leaving, ({ feed, reason }: { feed: string | number; reason?: string }) => {
      // Janus tells a kicked participant "leaving: ok, reason: kicked" (janode fills in the own id).
      if (String(feed) === this.participantId) this.emit('closed', reason === 'kicked' ? 'kicked' : 'left');
      else this.othersGone(feed);
    });
    handle.on(VIDEOROOM.talking, ({ feed, talking }: { feed: string | number; talking: boolean }) =>
      this.emit('talking', String(feed), talking),
    );
    handle.on(VIDEOROOM.kicked, ({ feed }: { feed?: string | number }) => {
      if (feed === undefined || String(feed) === this.participantId) this.emit('closed', 'kicked');
      else this.othersGone(feed);
    });
    handle.once(VIDEOROOM.destroyed, () => this.emit('closed', 'room_destroyed'));
    handle.once(HANDLE_HANGUP, () => this.emit('closed', 'hangup'));
    handle.once(HANDLE_DETACHED, () => this.emit('closed', 'detached'));
  }

  /**
   * Sends the browser's offer (camera, microphone, screen: a new offer whenever they change) and
   * returns Janus's answer. Simulcast is the browser's choice (three encodings in its offer);
   * Janus relays whichever layer each subscriber asks for.
   */
  async publish(
    offer: Jsep,
    options: { bitrateBps?: number; descriptions?: { mid: string; description: string }[] } = {},
  ): Promise<Jsep> {
    if (offer.type !== 'offer') throw new Error('publish needs an SDP offer');
    const params = { jsep: offer, bitrate: options.bitrateBps, descriptions: options.descriptions };
    const { jsep } = await this.request('publish', () =>
      this.published ? this.handle.configure(params) : this.handle.publish(params),
    );
    if (!jsep) throw new Error('Janus gave no SDP answer');
    this.published = true;
    return jsep;
  }

  async unpublish(): Promise<void> {
    await this.request('unpublish', () => this.handle.message({ request: 'unpublish' }));
    this.published = false;
  }

  async trickle(candidate: IceCandidate): Promise<void> {
    await this.request('trickle', () =>
      candidate === null ? this.handle.trickleComplete() : this.handle.trickle(candidate),
    );
  }

  /** Leaves the room and frees the handle. */
  async leave(): Promise<void> {
    await this.request('leave', () => this.handle.leave()).catch(() => undefined);
    await this.handle.detach().catch(() => undefined);
  }

  private othersGone(feed: string | number) {
    if (String(feed) !== this.participantId) this.emit('gone', String(feed));
  }
}

export type SubscriberEvents = {
  /** Janus renegotiates (a publisher left or changed streams): send this offer to the browser, then `start`. */
  offer: [Jsep, SubscribedStream[]];
  closed: [reason: 'hangup' | 'detached'];
};

/** One participant's reception of others' streams: a single PeerConnection for all of them. */
export class JanusSubscriber extends EventEmitter<SubscriberEvents> {
  /** What each m-line carries now; changes with every offer. */
  streams: SubscribedStream[];

  constructor(
    private readonly handle: VideoRoomHandle,
    joined: { jsep: Jsep; streams?: unknown[] },
    private readonly request: Request,
  ) {
    super();
    this.offer = joined.jsep;
    this.streams = toSubscribedStreams(joined.streams);
    handle.on(VIDEOROOM.updated, ({ jsep, streams }: { jsep?: Jsep; streams?: unknown[] }) => {
      if (!jsep) return;
      this.streams = toSubscribedStreams(streams);
      this.emit('offer', jsep, this.streams);
    });
    handle.once(HANDLE_HANGUP, () => this.emit('closed', 'hangup'));
    handle.once(HANDLE_DETACHED, () => this.emit('closed', 'detached'));
  }

  /** Janus's first offer, for the browser to answer. */
  readonly offer: Jsep;

  /** Hands Janus the browser's answer; media starts flowing. */
  async start(answer: Jsep): Promise<void> {
    if (answer.type !== 'answer') throw new Error('start needs an SDP answer');
    await this.request('start', () => this.handle.start({ jsep: answer }));
  }

  /** Adds and removes streams; returns the new offer when Janus makes one (then `start` again). */
  async update(change: {
    subscribe?: SubscribeStream[];
    unsubscribe?: SubscribeStream[];
  }): Promise<{ jsep: Jsep | undefined; streams: SubscribedStream[] }> {
    // Janus refuses an empty list: a side with nothing to change is left out.
    const toJanus = (streams: SubscribeStream[] = []) =>
      streams.length === 0
        ? undefined
        : streams.map((stream) => ({
            feed: stream.participantId,
            ...(stream.mid === undefined ? {} : { mid: stream.mid }),
          }));
    const { jsep, streams } = await this.request('update subscription', () =>
      this.handle.update({ subscribe: toJanus(change.subscribe), unsubscribe: toJanus(change.unsubscribe) }),
    );
    if (streams) this.streams = toSubscribedStreams(streams);
    return { jsep, streams: this.streams };
  }

  /**
   * Chooses the simulcast layer relayed for one stream: 0 (lowest) to 2 (highest), for a small
   * tile or the speaker view.
   */
  async selectLayer(mid: string, substream: 0 | 1 | 2): Promise<void> {
    await this.request('select layer', () =>
      this.handle.message({ request: 'configure', streams: [{ mid, substream }] }),
    );
  }

  async trickle(candidate: IceCandidate): Promise<void> {
    await this.request('trickle', () =>
      candidate === null ? this.handle.trickleComplete() : this.handle.trickle(candidate),
    );
  }

  async close(): Promise<void> {
    await this.request('leave', () => this.handle.leave()).catch(() => undefined);
    await this.handle.detach().catch(() => undefined);
  }
}

function toRoomFeed(publisher: JanodePublisherInfo): RoomFeed {
  return {
    participantId: String(publisher.feed),
    display: publisher.display,
    streams: (publisher.streams ?? [])
      .filter((stream) => !stream.disabled)
      .map(({ mid, type, codec, simulcast, description }) => ({ mid, type, codec, simulcast, description })),
  };
}

/** Janus's description of a subscription's m-lines, without the inactive ones (freed for reuse). */
function toSubscribedStreams(streams: unknown[] | undefined): SubscribedStream[] {
  const result: SubscribedStream[] = [];
  for (const raw of streams ?? []) {
    const stream = raw as {
      mid?: unknown;
      feed_id?: unknown;
      feed_mid?: unknown;
      type?: unknown;
      active?: unknown;
    };
    if (stream.active === false || stream.feed_id === undefined || stream.mid === undefined) continue;
    result.push({
      mid: String(stream.mid),
      participantId: String(stream.feed_id),
      feedMid: String(stream.feed_mid ?? ''),
      type: String(stream.type ?? ''),
    });
  }
  return result;
}
