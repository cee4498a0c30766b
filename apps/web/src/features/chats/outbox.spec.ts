import { describe, expect, it, vi } from 'vitest';
import { ApiError, ClientErrorCode } from '../../api/api-error';
import { setSessionState } from '../../auth/session-store';
import { type OutgoingMessage, Outbox } from './outbox';

const alice = 'a1a1a1a1-0000-4000-8000-000000000001';
const bob = 'b2b2b2b2-0000-4000-8000-000000000002';
const general = 'c3c3c3c3-0000-4000-8000-000000000003';
const random = 'c4c4c4c4-0000-4000-8000-000000000004';

const unreachable = () =>
  new ApiError({ code: ClientErrorCode.networkUnreachable, message: 'Failed to fetch', status: 0 });

let written = 0;
function message(chatId: string, text: string) {
  written += 1;
  return {
    clientId: crypto.randomUUID(),
    chatId,
    text,
    createdAt: new Date(Date.UTC(2026, 2, 2, 10, 0, written)).toISOString(),
  };
}

/** A deliver function that records what it was given and answers as told. */
function recorder(answer: (entry: OutgoingMessage) => Promise<void> = () => Promise.resolve()) {
  const sent: OutgoingMessage[] = [];
  const deliver = vi.fn(async (entry: OutgoingMessage) => {
    sent.push(entry);
    await answer(entry);
  });
  return { deliver, sent, texts: () => sent.map((entry) => entry.text) };
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

describe('the outbox', () => {
  it('keeps unsent messages in storage, and a new page sends them once with the same clientId', async () => {
    let online = false;
    const before = new Outbox({ storage: localStorage, isOnline: () => online });
    before.open(alice);
    before.start(recorder().deliver);
    const first = message(general, 'first');
    const second = message(general, 'second');
    before.enqueue(first);
    before.enqueue(second);
    expect(before.forChat(general).map((entry) => entry.status)).toEqual(['sending', 'sending']);

    // The reload: a fresh outbox over the same storage, now with a network.
    online = true;
    const after = new Outbox({ storage: localStorage, isOnline: () => online });
    const delivery = recorder();
    after.start(delivery.deliver);
    after.open(alice);
    expect(after.forChat(general).map((entry) => entry.text)).toEqual(['first', 'second']);
    await vi.waitFor(() => expect(after.forChat(general)).toEqual([]));
    after.wake();
    await settle();

    expect(delivery.sent.map((entry) => entry.clientId)).toEqual([first.clientId, second.clientId]);
    expect(localStorage.length).toBe(0);
  });

  it('never shows one account the messages another one left unsent', () => {
    const outbox = new Outbox({ storage: localStorage, isOnline: () => false });
    outbox.open(alice);
    outbox.enqueue(message(general, 'from alice'));

    const other = new Outbox({ storage: localStorage, isOnline: () => false });
    other.open(bob);
    expect(other.forChat(general)).toEqual([]);

    outbox.open(bob);
    expect(outbox.forChat(general)).toEqual([]);
  });

  it('waits while offline, then sends each message once, in the order written', async () => {
    let online = false;
    const outbox = new Outbox({ storage: null, isOnline: () => online });
    const delivery = recorder(() => settle());
    outbox.start(delivery.deliver);
    outbox.enqueue(message(general, 'one'));
    outbox.enqueue(message(general, 'two'));
    outbox.enqueue(message(random, 'elsewhere'));
    outbox.enqueue(message(general, 'three'));
    await settle();
    expect(delivery.deliver).not.toHaveBeenCalled();
    expect(outbox.offline).toBe(true);

    online = true;
    // The network and the realtime connection report back at nearly the same moment.
    outbox.wake();
    outbox.wake();
    await vi.waitFor(() => expect(outbox.forChat(general)).toEqual([]));
    await vi.waitFor(() => expect(outbox.forChat(random)).toEqual([]));
    outbox.wake();
    await settle();

    expect(delivery.texts().filter((text) => text !== 'elsewhere')).toEqual(['one', 'two', 'three']);
    expect(delivery.texts()).toHaveLength(4);
    expect(outbox.offline).toBe(false);
  });

  it('holds a message that reached no server until woken, without marking it failed', async () => {
    let reachable = false;
    const outbox = new Outbox({ storage: null, isOnline: () => true });
    const delivery = recorder(() => (reachable ? Promise.resolve() : Promise.reject(unreachable())));
    outbox.start(delivery.deliver);
    outbox.enqueue(message(general, 'one'));
    outbox.enqueue(message(general, 'two'));

    await vi.waitFor(() => expect(outbox.offline).toBe(true));
    expect(outbox.forChat(general).map((entry) => entry.status)).toEqual(['sending', 'sending']);
    expect(delivery.texts()).toEqual(['one']);

    reachable = true;
    outbox.wake();
    await vi.waitFor(() => expect(outbox.forChat(general)).toEqual([]));
    expect(delivery.texts()).toEqual(['one', 'one', 'two']);
    expect(outbox.offline).toBe(false);
  });

  it('stops saying offline once nothing waits, even if no send has got through since', async () => {
    const outbox = new Outbox({ storage: null, isOnline: () => true });
    const stop = outbox.start(recorder(() => Promise.reject(unreachable())).deliver);
    const entry = message(general, 'one');
    outbox.enqueue(entry);
    await vi.waitFor(() => expect(outbox.offline).toBe(true));

    // The server had it after all: its realtime echo confirms it.
    outbox.remove(entry.clientId);

    expect(outbox.offline).toBe(false);
    stop();
  });

  it('marks a message failed on a refusal that will not change, and goes on with the next', async () => {
    const refused = new ApiError({ code: 'chat.forbidden', message: 'No', status: 403 });
    const outbox = new Outbox({ storage: localStorage, isOnline: () => true });
    outbox.open(alice);
    const delivery = recorder((entry) =>
      entry.text === 'bad' ? Promise.reject(refused) : Promise.resolve(),
    );
    outbox.start(delivery.deliver);
    const bad = message(general, 'bad');
    outbox.enqueue(bad);
    outbox.enqueue(message(general, 'good'));

    await vi.waitFor(() => expect(outbox.forChat(general).map((entry) => entry.text)).toEqual(['bad']));
    expect(outbox.find(bad.clientId)).toMatchObject({ status: 'failed', error: refused });
    // A failed message survives a reload as failed, with its reason.
    const reloaded = new Outbox({ storage: localStorage, isOnline: () => true });
    reloaded.open(alice);
    expect(reloaded.find(bad.clientId)).toMatchObject({
      status: 'failed',
      error: { code: 'chat.forbidden' },
    });

    outbox.retry(bad.clientId);
    expect(outbox.find(bad.clientId)?.status).toBe('sending');
    await vi.waitFor(() => expect(delivery.texts()).toEqual(['bad', 'good', 'bad']));
  });

  it('tries a server error again by itself before giving up', async () => {
    vi.useFakeTimers();
    const busy = new ApiError({ code: 'server.unavailable', message: 'Busy', status: 503 });
    const outbox = new Outbox({ storage: null, isOnline: () => true });
    const delivery = recorder(() => Promise.reject(busy));
    outbox.start(delivery.deliver);
    const entry = message(general, 'hello');
    outbox.enqueue(entry);

    await vi.runAllTimersAsync();

    expect(delivery.deliver).toHaveBeenCalledTimes(5);
    expect(outbox.find(entry.clientId)).toMatchObject({ status: 'failed', error: busy });
  });

  it('forgets every unsent message when the person signs out', () => {
    const outbox = new Outbox({ storage: localStorage, isOnline: () => false });
    const stop = outbox.start(recorder().deliver);
    outbox.open(alice);
    outbox.enqueue(message(general, 'private thoughts'));
    expect(localStorage.length).toBe(1);

    setSessionState({ status: 'signedIn', accessToken: 't', expiresAt: Date.now() + 60_000, sessionId: 's' });
    setSessionState({ status: 'signedOut', accessToken: null, expiresAt: 0, sessionId: null });

    expect(outbox.forChat(general)).toEqual([]);
    expect(localStorage.length).toBe(0);
    stop();
  });
});
