import { vi } from 'vitest';

export interface MockReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = MockReply | ((request: Request) => MockReply | Promise<MockReply>);

/**
 * Replaces the global fetch with answers by `"METHOD /path"`. A list answers in turn and then
 * repeats its last entry; an unlisted route gets the server's 404 envelope. Every request is
 * recorded (cloned, so bodies can still be read).
 */
export function mockApi(routes: Record<string, Handler | Handler[]>) {
  const queues = new Map<string, Handler[]>(
    Object.entries(routes).map(([route, handler]) => [
      route,
      Array.isArray(handler) ? [...handler] : [handler],
    ]),
  );
  const requests: Request[] = [];

  /**
   * The app asks for several people at once (`GET /users?ids=`); specs describe people one by one
   * (`GET /users/<id>`). Answers the batch as the server would: the people whose own route
   * answers 200, in one list.
   */
  const peopleFromSingleRoutes = async (ids: string[]) => {
    const items: unknown[] = [];
    for (const id of ids) {
      const handler = queues.get(`GET /api/v1/users/${id}`)?.[0];
      const reply =
        typeof handler === 'function'
          ? await handler(new Request(`http://localhost/api/v1/users/${id}`))
          : handler;
      if (reply?.status === 200) items.push(reply.body);
    }
    return new Response(JSON.stringify({ items }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };

  const fetchMock = vi.fn(async (request: Request) => {
    requests.push(request.clone());
    const url = new URL(request.url);
    const route = `${request.method} ${url.pathname}`;
    if (route === 'GET /api/v1/users' && url.searchParams.has('ids') && !queues.has(route)) {
      return peopleFromSingleRoutes(url.searchParams.get('ids')!.split(','));
    }
    const queue = queues.get(route);
    const handler = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    const reply: MockReply = !handler
      ? { status: 404, body: { error: { code: 'route.not_found', message: `No mock for ${route}` } } }
      : typeof handler === 'function'
        ? await handler(request)
        : handler;
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);

  return {
    fetchMock,
    /** The recorded requests to one `"METHOD /path"`, oldest first. */
    requestsTo: (route: string) =>
      requests.filter((request) => `${request.method} ${new URL(request.url).pathname}` === route),
  };
}

/** The server's error envelope. */
export function apiError(
  status: number,
  code: string,
  details: { path: string; code: string; message: string }[] = [],
  headers?: Record<string, string>,
): MockReply {
  return { status, body: { error: { code, message: code, details, requestId: 'req-test' } }, headers };
}
