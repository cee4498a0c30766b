import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import Janode from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JanusErrorCode, JanusSfu, SfuError, SfuUnavailableError } from '../src/infra/media/janus-sfu.js';
import { startJanus, type TestJanus } from './support/janus.js';
import { hasTool } from './support/tools.js';

const logger = pino({ level: 'silent' });

const newRoom = () => ({
  roomId: randomUUID(),
  secret: randomUUID(),
  pin: randomUUID(),
  maxPublishers: 6,
});

describe.skipIf(!hasTool('janus'))('the Janus SFU controller against the real Janus', () => {
  let janus: TestJanus;
  let sfu: JanusSfu;
  const opened: JanusSfu[] = [];

  const startSfu = (config = janus.config, requestTimeoutMs = 10_000) => {
    const controller = JanusSfu.start(config, logger, {
      requestTimeoutMs,
      reconnectDelayMs: { min: 100, max: 500 },
    });
    opened.push(controller);
    return controller;
  };

  beforeAll(async () => {
    janus = await startJanus();
    sfu = startSfu();
    await sfu.ready();
  });

  afterEach(async () => {
    // Controllers a test opened besides the shared one.
    await Promise.all(opened.splice(1).map((controller) => controller.close()));
  });

  afterAll(async () => {
    await Promise.all(opened.map((controller) => controller.close()));
    await janus?.stop();
  });

  it('creates a room that can be joined with its pin and not without it', async () => {
    const room = newRoom();
    await sfu.createRoom(room);
    expect(await sfu.roomExists(room.roomId)).toBe(true);

    const join = (pin: string) =>
      sfu.joinAsPublisher({ roomId: room.roomId, pin, participantId: randomUUID(), display: 'Ann' });
    await expect(join('')).rejects.toMatchObject({ janusCode: JanusErrorCode.unauthorized });
    await expect(join(`${room.pin}x`)).rejects.toMatchObject({ janusCode: JanusErrorCode.unauthorized });

    const ann = await join(room.pin);
    expect(ann.privateId).toEqual(expect.any(Number));
    expect(await sfu.listParticipants(room.roomId)).toEqual([
      { participantId: ann.participantId, display: 'Ann', publisher: false, talking: undefined },
    ]);

    await ann.leave();
    expect(await sfu.listParticipants(room.roomId)).toEqual([]);
    await sfu.destroyRoom(room);
  });

  it('refuses to create a room with a wrong admin key', async () => {
    const wrongKey = startSfu({ ...janus.config, adminKey: 'not-the-admin-key' });
    const room = newRoom();
    await expect(wrongKey.createRoom(room)).rejects.toMatchObject({
      name: 'SfuError',
      janusCode: JanusErrorCode.unauthorized,
    });
    expect(await sfu.roomExists(room.roomId)).toBe(false);
  });

  it('refuses a client of its own API (even one with the API secret) a room without the admin key, and a join without the pin', async () => {
    const room = newRoom();
    await sfu.createRoom(room);
    const connection = await Janode.connect({
      address: { url: janus.config.url, apisecret: janus.config.apiSecret! },
      max_retries: 0,
    });
    try {
      const session = await connection.create();
      const handle = await session.attach(VideoRoomPlugin);
      await expect(handle.create({ room: randomUUID(), pin: 'mine' })).rejects.toThrow(
        /^429 Missing mandatory element \(admin_key\)/,
      );
      await expect(handle.joinPublisher({ room: room.roomId, display: 'Eve' })).rejects.toThrow(
        /^429 Missing mandatory element \(pin\)/,
      );
      await expect(handle.listParticipants({ room: room.roomId })).resolves.toMatchObject({
        participants: [],
      });
    } finally {
      await connection.close();
    }
    await sfu.destroyRoom(room);
  });

  it('refuses every request without the API secret', async () => {
    const connection = await Janode.connect({ address: { url: janus.config.url }, max_retries: 0 });
    try {
      await expect(connection.create()).rejects.toThrow(/^403 Unauthorized request/);
    } finally {
      await connection.close();
    }
    const noSecret = startSfu({ ...janus.config, apiSecret: undefined }, 1_000);
    await expect(noSecret.roomExists('anything')).rejects.toBeInstanceOf(SfuUnavailableError);
  });

  it('refuses a room id that is taken', async () => {
    const room = newRoom();
    await sfu.createRoom(room);
    await expect(sfu.createRoom({ ...room, pin: 'other' })).rejects.toMatchObject({
      janusCode: JanusErrorCode.roomExists,
    });
    await sfu.destroyRoom(room);
  });

  it('kicks a participant, who is told and is out of the room', async () => {
    const room = newRoom();
    await sfu.createRoom(room);
    const ann = await sfu.joinAsPublisher({
      roomId: room.roomId,
      pin: room.pin,
      participantId: 'ann',
      display: 'Ann',
    });
    const bob = await sfu.joinAsPublisher({
      roomId: room.roomId,
      pin: room.pin,
      participantId: 'bob',
      display: 'Bob',
    });
    const annClosed = once(ann, 'closed');
    const bobSawAnnGo = once(bob, 'gone');

    await expect(
      sfu.kick({ roomId: room.roomId, secret: 'wrong', participantId: 'ann' }),
    ).rejects.toMatchObject({
      janusCode: JanusErrorCode.unauthorized,
    });
    await sfu.kick({ roomId: room.roomId, secret: room.secret, participantId: 'ann' });

    expect(await annClosed).toEqual(['kicked']);
    expect(await bobSawAnnGo).toEqual(['ann']);
    expect((await sfu.listParticipants(room.roomId)).map((p) => p.participantId)).toEqual(['bob']);
    await bob.leave();
    await ann.leave();
    await sfu.destroyRoom(room);
  });

  it('destroys a room only with its secret, closing everyone in it', async () => {
    const room = newRoom();
    await sfu.createRoom(room);
    const ann = await sfu.joinAsPublisher({
      roomId: room.roomId,
      pin: room.pin,
      participantId: 'ann',
      display: 'Ann',
    });
    const closed = once(ann, 'closed');

    await expect(sfu.destroyRoom({ roomId: room.roomId, secret: 'wrong' })).rejects.toMatchObject({
      janusCode: JanusErrorCode.unauthorized,
    });
    expect(await sfu.roomExists(room.roomId)).toBe(true);

    await sfu.destroyRoom(room);
    expect(await closed).toEqual(['room_destroyed']);
    expect(await sfu.roomExists(room.roomId)).toBe(false);
    await expect(
      sfu.joinAsPublisher({ roomId: room.roomId, pin: room.pin, participantId: 'bob', display: 'Bob' }),
    ).rejects.toMatchObject({ janusCode: JanusErrorCode.noSuchRoom });
    // Destroying twice (two hosts ending the meeting at once) is not an error.
    await sfu.destroyRoom(room);
    await ann.leave();
  });

  it('reconnects after Janus restarts, telling its users the session was lost', async () => {
    const disconnected = once(sfu, 'disconnected');
    const reconnected = once(sfu, 'connected');
    await janus.restart();
    await disconnected;
    await reconnected;

    const room = newRoom();
    await sfu.createRoom(room);
    expect(await sfu.roomExists(room.roomId)).toBe(true);
    await sfu.destroyRoom(room);
  });

  it('fails a request with SfuUnavailableError while Janus is down', async () => {
    const unreachable = startSfu({ ...janus.config, url: 'ws://127.0.0.1:9' }, 1_000);
    await expect(unreachable.roomExists('x')).rejects.toBeInstanceOf(SfuUnavailableError);
    expect(new SfuUnavailableError('x')).toBeInstanceOf(SfuError);
  });
});
