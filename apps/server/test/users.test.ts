import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, signedInAccount, type TestAccount } from './support/accounts.js';
import { isEvent, isHello, openSocket } from './support/socket.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let owner: TestAccount;
let alice: TestAccount;
let bob: TestAccount;

beforeAll(async () => {
  server = await startTestServer();
  owner = await signedInAccount(server);
  alice = await signedInAccount(server);
  bob = await signedInAccount(server);
});

afterAll(async () => {
  await server?.close();
});

const patch = (token: string, path: string, body: unknown, method = 'PATCH') =>
  server.request(
    path,
    bearer(token, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  );

describe('my profile', () => {
  it('can be changed and reads back', async () => {
    const response = await patch(alice.accessToken, '/api/v1/me', {
      displayName: 'Алиса Иванова',
      about: 'Backend, SRE',
      timeZone: 'Europe/Moscow',
      language: 'en',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      displayName: 'Алиса Иванова',
      about: 'Backend, SRE',
      timeZone: 'Europe/Moscow',
      language: 'en',
      email: alice.email,
    });
  });

  it('refuses an unknown time zone and unknown fields', async () => {
    expect((await patch(alice.accessToken, '/api/v1/me', { timeZone: 'Mars/Olympus' })).status).toBe(400);
    expect((await patch(alice.accessToken, '/api/v1/me', { role: 'owner' })).status).toBe(400);
    expect((await patch(alice.accessToken, '/api/v1/me', { email: 'new@example.org' })).status).toBe(400);
  });

  it("refuses someone else's username in any letter case", async () => {
    const response = await patch(alice.accessToken, '/api/v1/me', { username: bob.username.toUpperCase() });
    expect(response.status).toBe(409);
  });

  it('sets presence and a custom status that others see, and invisible shows as offline', async () => {
    // Presence is "connected somewhere" plus the person's choice: Alice is connected.
    const socket = await openSocket(server, { token: alice.accessToken });
    await socket.next(isHello);
    const status = await patch(
      alice.accessToken,
      '/api/v1/me/status',
      { presence: 'dnd', customStatus: { text: 'В отпуске', emoji: '🌴', expiresAt: null } },
      'PUT',
    );
    expect(status.status).toBe(200);
    const seen = (await (
      await server.request(`/api/v1/users/${alice.id}`, bearer(bob.accessToken))
    ).json()) as {
      presence: string;
      customStatus: { text: string; emoji: string };
    };
    expect(seen.presence).toBe('dnd');
    expect(seen.customStatus).toMatchObject({ text: 'В отпуске', emoji: '🌴' });

    await patch(alice.accessToken, '/api/v1/me/status', { presence: 'invisible' }, 'PUT');
    const hidden = (await (
      await server.request(`/api/v1/users/${alice.id}`, bearer(bob.accessToken))
    ).json()) as {
      presence: string;
    };
    expect(hidden.presence).toBe('offline');
    await socket.close();
  });

  it('goes offline when the last connection closes, and tells the people who share a chat', async () => {
    await patch(bob.accessToken, '/api/v1/me/status', { presence: 'online' }, 'PUT');
    const chat = await server.request(
      '/api/v1/chats',
      bearer(owner.accessToken, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'group', memberIds: [bob.id] }),
      }),
    );
    expect(chat.status).toBe(201);
    const watcher = await openSocket(server, { token: owner.accessToken });
    await watcher.next(isHello);
    const presenceOf = async () =>
      (
        (await (await server.request(`/api/v1/users/${bob.id}`, bearer(alice.accessToken))).json()) as {
          presence: string;
        }
      ).presence;
    expect(await presenceOf()).toBe('offline');

    const first = await openSocket(server, { token: bob.accessToken });
    const second = await openSocket(server, { token: bob.accessToken });
    await first.next(isHello);
    await second.next(isHello);
    expect(await presenceOf()).toBe('online');
    await watcher.next(
      (frame) =>
        isEvent(frame) && frame.event.type === 'presence.changed' && frame.event.data.presence === 'online',
    );
    await first.close();
    expect(await presenceOf()).toBe('online');
    await second.close();
    await watcher.next(
      (frame) =>
        isEvent(frame) && frame.event.type === 'presence.changed' && frame.event.data.presence === 'offline',
    );
    expect(await presenceOf()).toBe('offline');
    await watcher.close();
  });

  it('lets a custom status expire', async () => {
    await patch(
      bob.accessToken,
      '/api/v1/me/status',
      { customStatus: { text: 'Обед', expiresAt: new Date(Date.now() - 1000).toISOString() } },
      'PUT',
    );
    const me = (await (await server.request('/api/v1/me', bearer(bob.accessToken))).json()) as {
      customStatus: unknown;
    };
    expect(me.customStatus).toBeNull();
  });
});

describe("someone else's account", () => {
  it('shows only public fields', async () => {
    const response = await server.request(`/api/v1/users/${bob.id}`, bearer(alice.accessToken));
    expect(response.status).toBe(200);
    const profile = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(profile).sort()).toEqual(
      ['about', 'avatarUrl', 'customStatus', 'displayName', 'id', 'presence', 'role', 'username'].sort(),
    );
    expect(JSON.stringify(profile)).not.toContain(bob.email);
  });

  it('is not found by guessing ids', async () => {
    const response = await server.request(
      '/api/v1/users/0192f0c8-0000-7000-8000-000000000000',
      bearer(alice.accessToken),
    );
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('user.not_found');
  });

  it('has an activity history that a member cannot read but an owner can', async () => {
    const denied = await server.request(`/api/v1/users/${bob.id}/activity`, bearer(alice.accessToken));
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('auth.forbidden');
    const allowed = await server.request(`/api/v1/users/${bob.id}/activity`, bearer(owner.accessToken));
    expect(allowed.status).toBe(200);
    const history = (await allowed.json()) as { items: Array<{ type: string }> };
    expect(history.items.map((item) => item.type)).toContain('login');
  });
});

describe('the people directory', () => {
  it('finds people by part of the name or username', async () => {
    await patch(bob.accessToken, '/api/v1/me', { displayName: 'Борис Кузнецов' });
    const response = await server.request(
      `/api/v1/users?q=${encodeURIComponent('кузн')}`,
      bearer(alice.accessToken),
    );
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Array<{ id: string }> };
    expect(items.map((item) => item.id)).toEqual([bob.id]);
  });

  it('gives several people by id in one request, leaving out unknown ids', async () => {
    const unknown = '01890000-0000-7000-8000-000000000000';
    const response = await server.request(
      `/api/v1/users?ids=${bob.id},${owner.id},${unknown},${bob.id}`,
      bearer(alice.accessToken),
    );
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Array<{ id: string; email?: string }> };
    expect(items.map((item) => item.id).sort()).toEqual([bob.id, owner.id].sort());
    expect(items.every((item) => item.email === undefined)).toBe(true);
    for (const ids of ['not-a-uuid', Array.from({ length: 101 }, () => crypto.randomUUID()).join(',')]) {
      const bad = await server.request(`/api/v1/users?ids=${ids}`, bearer(alice.accessToken));
      expect(bad.status).toBe(400);
    }
  });

  it('treats LIKE wildcards in the query literally', async () => {
    const response = await server.request('/api/v1/users?q=%25', bearer(alice.accessToken));
    expect(((await response.json()) as { items: unknown[] }).items).toEqual([]);
  });
});

describe('my activity history', () => {
  it('pages with a cursor, newest first, without gaps or repeats', async () => {
    for (let i = 0; i < 3; i++) await patch(owner.accessToken, '/api/v1/me', { about: `change ${i}` });
    const all = (await (
      await server.request('/api/v1/me/activity?limit=100', bearer(owner.accessToken))
    ).json()) as {
      items: Array<{ id: string }>;
    };
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/me/activity?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await (await server.request(url, bearer(owner.accessToken))).json()) as {
        items: Array<{ id: string }>;
        nextCursor: string | null;
      };
      paged.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.items.map((item) => item.id));
    expect(
      (await server.request('/api/v1/me/activity?cursor=garbage', bearer(owner.accessToken))).status,
    ).toBe(400);
  });
});
