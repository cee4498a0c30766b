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
