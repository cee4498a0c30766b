import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, NotFoundException } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { WebClient } from '../../web/web-client.js';
import { renderError } from './error-response.js';

/** Renders everything a handler throws as the shared error envelope (see renderError). */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(@Inject(WebClient) private readonly webClient: WebClient) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof NotFoundException && this.webClient.serveFallback(request, reply)) return;
    sendError(exception, request, reply);
  }
}

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const rendered = renderError(error, request.id);
  if (rendered.unexpected) request.log.error({ err: error }, 'request failed');
  if (reply.sent) return;
  void reply.status(rendered.status).headers(rendered.headers).send(rendered.body);
}
