import { randomUUID } from 'node:crypto';
import { type Chat, type Message, type RealtimeEvent, type ServerFrame } from '@beseda/protocol';
import { expect } from 'vitest';
import { bearer, type TestAccount } from './accounts.js';
import { isEvent } from './socket.js';
import { type TestServer } from './test-server.js';

/**
 * The chat and message endpoints as one account calls them, asserting the happy statuses. Takes
 * the server lazily, so a test file can set it up at the top before `beforeAll` starts it.
 */
export function chatClient(server: () => TestServer) {
  const call = (
    account: TestAccount,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    server().request(
      path,
      bearer(account.accessToken, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );

  return {
    call,

    async createChat(account: TestAccount, body: Record<string, unknown>): Promise<Chat> {
      const response = await call(account, 'POST', '/api/v1/chats', body);
      expect(response.status).toBe(201);
      return (await response.json()) as Chat;
    },

    async send(
      account: TestAccount,
      chatId: string,
      text: string,
      clientId: string = randomUUID(),
      extra: Record<string, unknown> = {},
    ): Promise<Message> {
      const response = await call(account, 'POST', `/api/v1/chats/${chatId}/messages`, {
        clientId,
        text,
        ...extra,
      });
      expect(response.status).toBe(201);
      return (await response.json()) as Message;
    },

    async history(account: TestAccount, chatId: string, query = ''): Promise<Message[]> {
      const response = await call(account, 'GET', `/api/v1/chats/${chatId}/messages${query}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: Message[] }).items;
    },
  };
}

export const errorCode = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code;

type EventData<T extends RealtimeEvent['type']> = Extract<RealtimeEvent, { type: T }>['data'];

/** Matches an event frame of the given type whose data passes the check. */
export function eventOf<T extends RealtimeEvent['type']>(
  type: T,
  check: (data: EventData<T>) => boolean = () => true,
) {
  return (frame: ServerFrame): boolean =>
    isEvent(frame) && frame.event.type === type && check(frame.event.data as unknown as EventData<T>);
}
