import { type RealtimeEvent, type SignalPayload } from '@beseda/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventDispatcher } from '../../../realtime/event-dispatcher';
import { fakeCameraStream, installFakeMedia } from '../testing/fake-media';
import { buildJoined, buildLive, buildMeeting, buildParticipant } from '../testing/meeting-factories';
import { type CallApi, type CallConnection, CallSession } from './call-session';
import { type MediaTransport } from './media-transport';

function fakeTransport() {
  const transport = {
    sync: vi.fn(),
    receiveSignal: vi.fn(),
    setLocalTrack: vi.fn(),
    setIceServers: vi.fn(),
    remotes: () => new Map(),
    onChange: () => () => undefined,
    measure: vi.fn(async () => new Map()),
    close: vi.fn(),
  } satisfies MediaTransport;
  return transport;
}

function fakeConnection() {
  const events = new EventDispatcher();
  const connection = {
    request: vi.fn(async () => ({})),
    on: events.on.bind(events),
    onResync: () => () => undefined,
  } satisfies CallConnection;
  const deliver = (event: RealtimeEvent) => events.dispatch(event);
  return { connection, deliver };
}

function fakeApi() {
  return {
    join: vi.fn(),
    leave: vi.fn(async () => undefined),
    updateMine: vi.fn(async () => undefined),
    react: vi.fn(async () => undefined),
    fetchLobby: vi.fn(async () => []),
  } satisfies CallApi;
}

function setUp() {
  const meeting = buildMeeting();
  const me = buildParticipant({ displayName: 'Anna Petrova', role: 'host' });
  const boris = buildParticipant({ displayName: 'Boris Orlov' });
  const transport = fakeTransport();
  const { connection, deliver } = fakeConnection();
  const api = fakeApi();
  const localStream = fakeCameraStream();
  const session = new CallSession({
    ref: meeting.code,
    joined: buildJoined(meeting, me, [boris]),
    connection,
    api,
    localStream,
    audio: true,
    video: true,
    createTransport: () => transport,
  });
  return { meeting, me, boris, transport, connection, deliver, api, localStream, session };
}

describe('CallSession', () => {
  beforeEach(() => {
    installFakeMedia();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('connects to the others of the join answer and follows every change of the live state', () => {
    const { meeting, me, boris, transport, deliver } = setUp();
    expect(transport.sync).toHaveBeenLastCalledWith([boris.id]);

    const vera = buildParticipant({ displayName: 'Vera Sokolova' });
    deliver({ type: 'meeting.state', data: buildLive(meeting, [me, vera]) });
    expect(transport.sync).toHaveBeenLastCalledWith([vera.id]);

    // Another meeting's state is not this call's business.
    deliver({ type: 'meeting.state', data: buildLive(buildMeeting(), [me]) });
    expect(transport.sync).toHaveBeenCalledTimes(2);
  });

  it('hands over only the signals addressed to my stay', () => {
    const { meeting, me, boris, transport, deliver } = setUp();
    const payload: SignalPayload = { kind: 'description', description: { type: 'offer', sdp: 'v=0' } };
    deliver({ type: 'meeting.signal', data: { meetingId: meeting.id, from: boris.id, to: me.id, payload } });
    // The same account in another tab has another stay: not mine.
    deliver({
      type: 'meeting.signal',
      data: { meetingId: meeting.id, from: boris.id, to: crypto.randomUUID(), payload },
    });
    expect(transport.receiveSignal).toHaveBeenCalledTimes(1);
    expect(transport.receiveSignal).toHaveBeenCalledWith(boris.id, payload);
  });

  it('keeps my stay alive with heartbeats over the socket', () => {
    const { meeting, me, connection } = setUp();
    vi.advanceTimersByTime(10_000);
    expect(connection.request).toHaveBeenCalledWith('meeting.heartbeat', {
      meetingId: meeting.id,
      participantId: me.id,
    });
  });

  it('turns the microphone off when a host mutes me, without telling the server again', () => {
    const { meeting, me, deliver, api, localStream, session } = setUp();
    deliver({
      type: 'meeting.moderated',
      data: { meetingId: meeting.id, participantId: me.id, audio: false },
    });
    expect(localStream.getAudioTracks()[0]!.enabled).toBe(false);
    expect(session.getSnapshot().audio).toBe(false);
    expect(session.getSnapshot().moderated).toEqual({ audio: true, video: false, handRaised: false });
    expect(api.updateMine).not.toHaveBeenCalled();
  });

  it('tells the server when I turn my camera off, so the others see it', () => {
    const { meeting, me, api, localStream, session } = setUp();
    session.setVideo(false);
    expect(localStream.getVideoTracks()[0]!.enabled).toBe(false);
    expect(api.updateMine).toHaveBeenCalledWith(meeting.id, me.id, { video: false });
  });

  it('stops everything when I am removed', () => {
    const { meeting, me, deliver, transport, localStream, session } = setUp();
    deliver({ type: 'meeting.removed', data: { meetingId: meeting.id, participantId: me.id } });
    expect(session.getSnapshot().ended).toBe('removed');
    expect(transport.close).toHaveBeenCalled();
    expect(localStream.getTracks().every((track) => track.readyState === 'ended')).toBe(true);
  });

  it('moves to the SFU and back as people come and go, keeping my tracks and the layers asked for', () => {
    const meeting = buildMeeting();
    const me = buildParticipant({ displayName: 'Anna Petrova', role: 'host' });
    const boris = buildParticipant({ displayName: 'Boris Orlov' });
    const vera = buildParticipant({ displayName: 'Vera Sokolova' });
    const { connection, deliver } = fakeConnection();
    type LayeredTransport = ReturnType<typeof fakeTransport> & { preferLayer: ReturnType<typeof vi.fn> };
    const opened: { topology: string; transport: LayeredTransport }[] = [];
    const localStream = fakeCameraStream();
    const session = new CallSession({
      ref: meeting.code,
      joined: buildJoined(meeting, me, [boris]),
      connection,
      api: fakeApi(),
      localStream,
      audio: true,
      video: true,
      createTransport: (topology) => {
        const transport = { ...fakeTransport(), preferLayer: vi.fn() };
        opened.push({ topology, transport });
        return transport;
      },
    });
    session.setTileWidth(boris.id, 200);
    expect(opened.map((entry) => entry.topology)).toEqual(['p2p']);

    // A mesh is the same kind of connection as peer to peer: nothing is rebuilt.
    deliver({ type: 'meeting.state', data: buildLive(meeting, [me, boris, vera], { topology: 'mesh' }) });
    expect(opened).toHaveLength(1);

    deliver({ type: 'meeting.state', data: buildLive(meeting, [me, boris, vera], { topology: 'sfu' }) });
    expect(opened.map((entry) => entry.topology)).toEqual(['p2p', 'sfu']);
    const [direct, sfu] = opened.map((entry) => entry.transport);
    expect(direct!.close).toHaveBeenCalled();
    expect(sfu!.setLocalTrack).toHaveBeenCalledWith('audio', localStream.getAudioTracks()[0]);
    expect(sfu!.setLocalTrack).toHaveBeenCalledWith('video', localStream.getVideoTracks()[0]);
    expect(sfu!.preferLayer).toHaveBeenCalledWith(boris.id, 0);
    expect(sfu!.sync).toHaveBeenLastCalledWith([boris.id, vera.id]);

    session.setTileWidth(vera.id, 1280);
    expect(sfu!.preferLayer).toHaveBeenLastCalledWith(vera.id, 2);

    deliver({ type: 'meeting.state', data: buildLive(meeting, [me, boris], { topology: 'p2p' }) });
    expect(opened.map((entry) => entry.topology)).toEqual(['p2p', 'sfu', 'p2p']);
    expect(sfu!.close).toHaveBeenCalled();
    expect(opened[2]!.transport.sync).toHaveBeenLastCalledWith([boris.id]);
    expect(session.getSnapshot().ended).toBeNull();
  });

  it('moves my camera to another device without renegotiating, keeping it off when it was off', async () => {
    const { transport, localStream, session } = setUp();
    session.setVideo(false);
    const replacement = fakeCameraStream().getVideoTracks()[0]!;
    const options = (session as unknown as { options: { openDevice?: unknown } }).options;
    options.openDevice = vi.fn(async () => replacement);
    await session.switchDevice('video', 'camera-2');
    expect(transport.setLocalTrack).toHaveBeenLastCalledWith('video', replacement);
    expect(replacement.enabled).toBe(false);
    expect(localStream.getVideoTracks()[0]!.readyState).toBe('ended');
    expect(session.getSnapshot().localStream.getVideoTracks()).toEqual([replacement]);
  });

  it('renews the TURN credentials before they end, for the connections open now and later', async () => {
    const meeting = buildMeeting();
    const me = buildParticipant({ displayName: 'Anna Petrova', role: 'host' });
    const boris = buildParticipant({ displayName: 'Boris Orlov' });
    const vera = buildParticipant({ displayName: 'Vera Sokolova' });
    const { connection, deliver } = fakeConnection();
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const fresh = [{ urls: ['turn:turn.example.org'], username: 'later:anna', credential: 'new' }];
    connection.request.mockImplementation((async (method: string) =>
      method === 'meeting.ice_servers'
        ? { iceServers: fresh, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }
        : {}) as never);
    const opened: { iceServers: RTCIceServer[]; transport: ReturnType<typeof fakeTransport> }[] = [];
    const session = new CallSession({
      ref: meeting.code,
      joined: { ...buildJoined(meeting, me, [boris]), iceServersExpireAt: expiresAt },
      connection,
      api: fakeApi(),
      localStream: fakeCameraStream(),
      audio: true,
      video: true,
      createTransport: (_topology, context) => {
        const transport = fakeTransport();
        opened.push({ iceServers: context.iceServers, transport });
        return transport;
      },
    });
    // 54 minutes on (a tenth of the hour before the end), not before.
    await vi.advanceTimersByTimeAsync(53 * 60_000);
    expect(connection.request).not.toHaveBeenCalledWith('meeting.ice_servers', expect.anything());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(connection.request).toHaveBeenCalledWith('meeting.ice_servers', {
      meetingId: meeting.id,
      participantId: me.id,
    });
    expect(opened[0]!.transport.setIceServers).toHaveBeenCalledWith(fresh);

    deliver({ type: 'meeting.state', data: buildLive(meeting, [me, boris, vera], { topology: 'sfu' }) });
    expect(opened[1]!.iceServers).toEqual(fresh);
    session.finish('left');
  });

  it('leaves with a request that outlives the page when asked to', async () => {
    const { meeting, me, api, session } = setUp();
    await session.leave(true);
    expect(api.leave).toHaveBeenCalledWith(meeting.id, me.id, true);
    expect(session.getSnapshot().ended).toBe('left');
  });
});
