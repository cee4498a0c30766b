import { describe, expect, it, vi } from 'vitest';
// The file as the browser gets it: public/ is copied to the build untouched.
import workerSource from '../../public/push-sw.js?raw';

const origin = 'https://chat.example.com';

interface FakeWindow {
  url: string;
  focused: boolean;
  focus: ReturnType<typeof vi.fn>;
  navigate: ReturnType<typeof vi.fn>;
}

function fakeWindow(url: string, { focused = false, controlled = true } = {}): FakeWindow {
  const client: FakeWindow = {
    url,
    focused,
    focus: vi.fn(async () => client),
    navigate: vi.fn(async (to: string) =>
      controlled ? { ...client, url: to } : Promise.reject(new TypeError('not controlled')),
    ),
  };
  return client;
}

/** Runs public/push-sw.js in a fake worker scope and hands back its listeners' effects. */
function loadWorker(windows: FakeWindow[] = []) {
  const listeners = new Map<string, (event: object) => void>();
  const scope = {
    location: new URL(`${origin}/sw.js`),
    registration: { showNotification: vi.fn(async () => {}) },
    clients: { matchAll: vi.fn(async () => windows), openWindow: vi.fn(async () => null) },
    addEventListener: (type: string, listener: (event: object) => void) => listeners.set(type, listener),
  };
  // The worker is a classic script that only talks to `self`.
  new Function('self', workerSource)(scope);

  const dispatch = async (type: string, event: object) => {
    let work: Promise<unknown> = Promise.resolve();
    listeners.get(type)!({ ...event, waitUntil: (promise: Promise<unknown>) => (work = promise) });
    await work;
  };
  const push = (payload: unknown) =>
    dispatch('push', {
      data: {
        json: () => (typeof payload === 'string' ? JSON.parse(payload) : payload) as unknown,
        text: () => String(payload),
      },
    });
  const click = (url: string) => {
    const notification = { data: { url }, close: vi.fn() };
    return { notification, done: dispatch('notificationclick', { notification }) };
  };
  return { scope, push, click };
}

describe('push service worker', () => {
  it('shows a notification with the payload title, body and tag, the app icon and the target', async () => {
    const worker = loadWorker();

    await worker.push({ title: 'Anna Petrova', body: 'Lunch?', url: '/chats/c1?message=m1', tag: 'chat:c1' });

    expect(worker.scope.registration.showNotification).toHaveBeenCalledWith('Anna Petrova', {
      body: 'Lunch?',
      tag: 'chat:c1',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      data: { url: `${origin}/chats/c1?message=m1` },
    });
  });

  it('never points a notification at another site', async () => {
    const worker = loadWorker();

    await worker.push({ title: 'Phish', body: 'Click', url: 'https://evil.example.net/login' });

    expect(worker.scope.registration.showNotification).toHaveBeenCalledWith(
      'Phish',
      expect.objectContaining({ data: { url: `${origin}/` } }),
    );
  });

  it('still shows something for a payload that is not JSON', async () => {
    const worker = loadWorker();

    await worker.push('not json');

    expect(worker.scope.registration.showNotification).toHaveBeenCalledWith(
      'Beseda',
      expect.objectContaining({ body: 'not json' }),
    );
  });

  it('focuses an open app window and navigates it to the message on click', async () => {
    const background = fakeWindow(`${origin}/chats`);
    const front = fakeWindow(`${origin}/settings/profile`, { focused: true });
    const worker = loadWorker([background, front]);

    const { notification, done } = worker.click(`${origin}/chats/c1?message=m1`);
    await done;

    expect(notification.close).toHaveBeenCalledOnce();
    expect(front.focus).toHaveBeenCalledOnce();
    expect(front.navigate).toHaveBeenCalledWith(`${origin}/chats/c1?message=m1`);
    expect(background.focus).not.toHaveBeenCalled();
    expect(worker.scope.clients.openWindow).not.toHaveBeenCalled();
  });

  it('opens a new window when no app window is open', async () => {
    const worker = loadWorker([]);

    await worker.click(`${origin}/chats/c1`).done;

    expect(worker.scope.clients.openWindow).toHaveBeenCalledWith(`${origin}/chats/c1`);
  });

  it('opens a new window when the open one cannot be navigated by the worker', async () => {
    const uncontrolled = fakeWindow(`${origin}/`, { controlled: false });
    const worker = loadWorker([uncontrolled]);

    await worker.click(`${origin}/chats/c1`).done;

    expect(uncontrolled.focus).toHaveBeenCalledOnce();
    expect(worker.scope.clients.openWindow).toHaveBeenCalledWith(`${origin}/chats/c1`);
  });
});
