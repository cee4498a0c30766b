// The part of janode 1.8.0 (Meetecho's Janus client, plain JavaScript without types) Beseda uses.

declare module 'janode' {
  import { type EventEmitter } from 'node:events';

  export interface JanodeConnection extends EventEmitter {
    create(keepAliveSeconds?: number): Promise<JanodeSession>;
    close(): Promise<void>;
  }

  export interface JanodeSession extends EventEmitter {
    attach<H>(plugin: { id: string; Handle: new (...args: never[]) => H }): Promise<H>;
    destroy(): Promise<void>;
  }

  const Janode: {
    connect(config: {
      address: { url: string; apisecret?: string };
      retry_time_secs?: number;
      max_retries?: number;
    }): Promise<JanodeConnection>;
    Logger: { setLevel(level: 'none' | 'error' | 'warning' | 'info' | 'verbose' | 'debug'): string };
    EVENT: {
      CONNECTION_CLOSED: 'connection_closed';
      CONNECTION_ERROR: 'connection_error';
      SESSION_DESTROYED: 'session_destroyed';
      HANDLE_DETACHED: 'handle_detached';
      HANDLE_HANGUP: 'handle_hangup';
      HANDLE_WEBRTCUP: 'handle_webrtcup';
      HANDLE_ICE_FAILED: 'handle_ice_failed';
    };
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  import { type EventEmitter } from 'node:events';

  export interface Jsep {
    type: 'offer' | 'answer';
    sdp: string;
  }

  export type FeedId = string | number;

  export interface JanodePublisherInfo {
    feed: FeedId;
    display?: string;
    talking?: boolean;
    audiocodec?: string;
    videocodec?: string;
    simulcast?: boolean;
    streams?: {
      type: string;
      mid: string;
      codec?: string;
      simulcast?: boolean;
      disabled?: boolean;
      description?: string;
    }[];
  }

  export interface VideoRoomHandle extends EventEmitter {
    message(
      body: Record<string, unknown>,
      jsep?: Jsep,
    ): Promise<{ plugindata?: { data?: Record<string, unknown> } }>;
    trickle(candidate: unknown): Promise<void>;
    trickleComplete(): Promise<void>;
    detach(): Promise<void>;
    hangup(): Promise<void>;
    create(params: Record<string, unknown>): Promise<{ room: FeedId; permanent: boolean }>;
    destroy(params: { room: FeedId; secret?: string }): Promise<unknown>;
    exists(params: { room: FeedId }): Promise<{ exists: boolean }>;
    listParticipants(params: { room: FeedId; secret?: string }): Promise<{
      room: FeedId;
      participants: { feed: FeedId; display?: string; publisher: boolean; talking?: boolean }[];
    }>;
    kick(params: { room: FeedId; feed: FeedId; secret?: string }): Promise<unknown>;
    joinPublisher(params: Record<string, unknown>): Promise<{
      room: FeedId;
      feed: FeedId;
      private_id: number;
      publishers: JanodePublisherInfo[];
    }>;
    configure(params: Record<string, unknown>): Promise<{ jsep?: Jsep }>;
    publish(params: Record<string, unknown>): Promise<{ jsep?: Jsep }>;
    joinSubscriber(params: Record<string, unknown>): Promise<{ jsep?: Jsep; streams?: unknown[] }>;
    start(params: { jsep: Jsep }): Promise<unknown>;
    update(params: {
      subscribe?: unknown[];
      unsubscribe?: unknown[];
    }): Promise<{ jsep?: Jsep; streams?: unknown[] }>;
    leave(): Promise<unknown>;
  }

  const VideoRoomPlugin: {
    id: string;
    Handle: new (...args: never[]) => VideoRoomHandle;
    EVENT: Record<
      | 'VIDEOROOM_PUB_LIST'
      | 'VIDEOROOM_UNPUBLISHED'
      | 'VIDEOROOM_LEAVING'
      | 'VIDEOROOM_KICKED'
      | 'VIDEOROOM_DESTROYED'
      | 'VIDEOROOM_TALKING'
      | 'VIDEOROOM_UPDATED'
      | 'VIDEOROOM_ERROR',
      string
    >;
  };
  export default VideoRoomPlugin;
}
