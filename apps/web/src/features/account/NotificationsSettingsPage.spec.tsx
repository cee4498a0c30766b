import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../auth/session';
import { apiError, mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { renderRoute } from '../../test/render-route';
import { base64UrlToBytes } from './push-device';

const me = buildMe();
const serverKey = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';
// Shaped like a real subscription: the server checks the key lengths.
const keys = {
  p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
  auth: 'tBHItJI5svbpez7KI4CCXg',
};
const endpoint = 'https://push.example.com/send/this-browser';
const thisId = '9b1e4c2d-7a3f-4e8b-9c0d-1f2a3b4c5d6e';
const rememberedKey = `beseda.push-subscription.${me.id}`;
const digestPolicy = {
  'GET /api/v1/notifications/email': { status: 200, body: { available: true, delayMinutes: 15 } },
};
const phone = {
  id: '4f2c7a90-1b3d-4e5f-8a6b-7c8d9e0f1a2b',
  service: 'web.push.apple.com',
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 19_0 like Mac OS X) Version/19.0 Mobile/15E148 Safari/604.1',
  createdAt: '2026-11-20T10:00:00.000Z',
};

interface FakeBrowserOptions {
  permission?: NotificationPermission;
  /** What the permission prompt answers. */
  answer?: NotificationPermission;
  subscribed?: boolean;
}

/** A browser with a service worker, a push manager and the Notification permission API. */
function fakePushBrowser({
  permission = 'default',
  answer = 'granted',
  subscribed = false,
}: FakeBrowserOptions) {
  let currentPermission = permission;
  const subscription = {
    endpoint,
    toJSON: () => ({ endpoint, keys }),
    unsubscribe: vi.fn(async () => {
      active = null;
      return true;
    }),
  };
  let active: typeof subscription | null = subscribed ? subscription : null;
  const pushManager = {
    getSubscription: vi.fn(async () => active),
    subscribe: vi.fn(async (_options: PushSubscriptionOptionsInit) => {
      active = subscription;
      return subscription;
    }),
  };
  const registration = { pushManager };
  Object.defineProperty(navigator, 'serviceWorker', {
    configurable: true,
    value: { ready: Promise.resolve(registration), getRegistration: async () => registration },
  });
  vi.stubGlobal('PushManager', function PushManager() {});
  const requestPermission = vi.fn(async () => {
    currentPermission = answer;
    return answer;
  });
  const FakeNotification = Object.defineProperties(function Notification() {}, {
    requestPermission: { value: requestPermission },
    permission: { get: () => currentPermission },
  });
  vi.stubGlobal('Notification', FakeNotification);
  return { pushManager, subscription, requestPermission };
}

describe('notifications settings', () => {
  beforeEach(() => signIn(buildTokenPair()));
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'serviceWorker');
  });

  it('subscribes this browser with the server key and registers the subscription', async () => {
    const browser = fakePushBrowser({ permission: 'default', answer: 'granted' });
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      ...digestPolicy,
      'GET /api/v1/push/key': { status: 200, body: { publicKey: serverKey } },
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { items: [] } },
      'POST /api/v1/me/push-subscriptions': { status: 201, body: { id: thisId } },
    });
    renderRoute('/settings/notifications', { language: 'en' });

    const toggle = await screen.findByRole('switch', { name: 'Notify me on this device when I’m away' });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(screen.getByTestId('push-permission').textContent).toContain('not asked yet');
    fireEvent.click(toggle);

    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'));
    expect(browser.requestPermission).toHaveBeenCalledOnce();
    expect(browser.pushManager.subscribe).toHaveBeenCalledWith({
      userVisibleOnly: true,
      applicationServerKey: base64UrlToBytes(serverKey),
    });
    const [post] = api.requestsTo('POST /api/v1/me/push-subscriptions');
    expect(await post!.json()).toEqual({
      endpoint,
      keys,
    });
    expect(JSON.parse(localStorage.getItem(rememberedKey)!)).toEqual({ id: thisId, endpoint });
    expect(screen.getByTestId('push-permission').textContent).toContain('allowed');
  });

  it('unsubscribes this browser and deletes its subscription on the server', async () => {
    const browser = fakePushBrowser({ permission: 'granted', subscribed: true });
    localStorage.setItem(rememberedKey, JSON.stringify({ id: thisId, endpoint }));
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      ...digestPolicy,
      'GET /api/v1/me/push-subscriptions': {
        status: 200,
        body: { items: [{ ...phone, id: thisId, userAgent: navigator.userAgent }] },
      },
      [`DELETE /api/v1/me/push-subscriptions/${thisId}`]: { status: 204 },
    });
    renderRoute('/settings/notifications', { language: 'en' });

    const toggle = await screen.findByRole('switch', { name: 'Notify me on this device when I’m away' });
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'));
    // This browser is the toggle, not one of the "other devices".
    expect(await screen.findByText('No other devices receive notifications.')).toBeDefined();
    fireEvent.click(toggle);

    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'));
    expect(api.requestsTo(`DELETE /api/v1/me/push-subscriptions/${thisId}`)).toHaveLength(1);
    expect(browser.subscription.unsubscribe).toHaveBeenCalledOnce();
    expect(localStorage.getItem(rememberedKey)).toBeNull();
  });

  it('keeps the subscription and says why when the server refuses to delete it', async () => {
    const browser = fakePushBrowser({ permission: 'granted', subscribed: true });
    localStorage.setItem(rememberedKey, JSON.stringify({ id: thisId, endpoint }));
    mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      ...digestPolicy,
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { items: [] } },
      [`DELETE /api/v1/me/push-subscriptions/${thisId}`]: apiError(500, 'internal'),
    });
    renderRoute('/settings/notifications', { language: 'en' });

    const toggle = await screen.findByRole('switch', { name: 'Notify me on this device when I’m away' });
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'));
    fireEvent.click(toggle);

    expect(await screen.findByRole('alert')).toBeDefined();
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    expect(browser.subscription.unsubscribe).not.toHaveBeenCalled();
    expect(localStorage.getItem(rememberedKey)).not.toBeNull();
  });

  it('explains how to allow notifications when the browser denies permission', async () => {
    const browser = fakePushBrowser({ permission: 'default', answer: 'denied' });
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      ...digestPolicy,
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { items: [] } },
    });
    renderRoute('/settings/notifications', { language: 'en' });

    fireEvent.click(await screen.findByRole('switch', { name: 'Notify me on this device when I’m away' }));

    expect(await screen.findByText('Notifications are blocked for this site')).toBeDefined();
    expect(screen.getByText(/choose “Allow” and reload the page/)).toBeDefined();
    expect(screen.getByTestId('push-permission').textContent).toContain('blocked');
    expect(
      screen.getByRole('switch', { name: 'Notify me on this device when I’m away' }).hasAttribute('disabled'),
    ).toBe(true);
    expect(browser.pushManager.subscribe).not.toHaveBeenCalled();
    expect(api.requestsTo('POST /api/v1/me/push-subscriptions')).toHaveLength(0);
  });

  it('shows an error and undoes the browser subscription when the server rejects it', async () => {
    const browser = fakePushBrowser({ answer: 'granted' });
    mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      ...digestPolicy,
      'GET /api/v1/push/key': { status: 200, body: { publicKey: serverKey } },
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { items: [] } },
      'POST /api/v1/me/push-subscriptions': apiError(503, 'push.unavailable'),
    });
    renderRoute('/settings/notifications', { language: 'en' });

    const toggle = await screen.findByRole('switch', { name: 'Notify me on this device when I’m away' });
    fireEvent.click(toggle);

    expect(await screen.findByRole('alert')).toBeDefined();
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(browser.subscription.unsubscribe).toHaveBeenCalledOnce();
    expect(localStorage.getItem(rememberedKey)).toBeNull();
  });

  it('tells an unsupported browser that push is unavailable and still lists other devices', async () => {
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      ...digestPolicy,
      'GET /api/v1/me/push-subscriptions': [
        { status: 200, body: { items: [phone] } },
        { status: 200, body: { items: [] } },
      ],
      [`DELETE /api/v1/me/push-subscriptions/${phone.id}`]: { status: 204 },
    });
    renderRoute('/settings/notifications', { language: 'en' });

    expect(await screen.findByText(/This browser cannot receive push notifications/)).toBeDefined();
    expect(within(screen.getByTestId('push-this-device')).queryByRole('switch')).toBeNull();

    const list = await screen.findByTestId('push-devices');
    expect(within(list).getByText('Safari 19 on iOS')).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Stop notifications on Safari 19 on iOS' }));

    expect(await screen.findByText('No other devices receive notifications.')).toBeDefined();
    expect(api.requestsTo(`DELETE /api/v1/me/push-subscriptions/${phone.id}`)).toHaveLength(1);
  });

  it('turns the e-mail digest off and says after how long unread messages are e-mailed', async () => {
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      ...digestPolicy,
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { items: [] } },
      'PATCH /api/v1/me': { status: 200, body: { ...me, emailDigest: false } },
    });
    renderRoute('/settings/notifications', { language: 'en' });

    const section = await screen.findByTestId('email-digest');
    expect(await within(section).findByText(/stays unread for 15 minutes while you are away/)).toBeDefined();
    const toggle = within(section).getByRole('switch', {
      name: 'E-mail me about unread direct messages and mentions',
    });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(toggle);

    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'));
    const [patch] = api.requestsTo('PATCH /api/v1/me');
    expect(await patch!.json()).toEqual({ emailDigest: false });
  });

  it('keeps the e-mail digest switch as it was and says why when saving fails', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      ...digestPolicy,
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { items: [] } },
      'PATCH /api/v1/me': apiError(500, 'internal'),
    });
    renderRoute('/settings/notifications', { language: 'en' });

    const section = await screen.findByTestId('email-digest');
    const toggle = await within(section).findByRole('switch');
    fireEvent.click(toggle);

    expect(await within(section).findByText('Could not change the e-mail digest setting')).toBeDefined();
    expect(toggle.getAttribute('aria-checked')).toBe('true');
  });

  it('says when the administrator turned e-mail digests off for everyone', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe({ language: 'ru' }) },
      'GET /api/v1/notifications/email': { status: 200, body: { available: false, delayMinutes: 0 } },
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { items: [] } },
    });
    renderRoute('/settings/notifications', { language: 'ru' });

    const section = await screen.findByTestId('email-digest');
    expect(await within(section).findByText(/Администратор отключил письма о пропущенном/)).toBeDefined();
    expect(within(section).queryByRole('switch')).toBeNull();
  });

  it('names the tab in Russian by default', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe({ language: 'ru' }) },
      ...digestPolicy,
      'GET /api/v1/me/push-subscriptions': { status: 200, body: { items: [] } },
    });
    renderRoute('/settings/notifications', { language: 'ru' });

    expect(await screen.findByRole('link', { name: 'Уведомления' })).toBeDefined();
    expect(await screen.findByText(/Этот браузер не умеет получать push-уведомления/)).toBeDefined();
  });
});
