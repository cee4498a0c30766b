import { type FastifyRequest } from 'fastify';

/** Where a request came from, as recorded with sessions and activity events. */
export interface RequestContext {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export function requestContext(request: FastifyRequest): RequestContext {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: userAgent ? userAgent.slice(0, 512) : null, requestId: request.id };
}

/**
 * The caller's WebSocket connection id (`X-Connection-Id`), sent with REST mutations so the
 * resulting event is not echoed to the connection that already has the result.
 */
export function connectionIdOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-connection-id'];
  return typeof header === 'string' && /^[0-9a-f-]{36}$/i.test(header) ? header : undefined;
}
