import { Controller, Get, Post, Req } from '@nestjs/common';
import { EmailDigestPolicySchema, EmailUnsubscribeRequestSchema } from '@beseda/protocol';
import { type FastifyRequest } from 'fastify';
import { type z } from 'zod';
import { Endpoint, ValidBody, ValidQuery } from '../../common/http/endpoint.decorator.js';
import { requestContext } from '../../common/http/request-context.js';
import { EmailDigestService } from './email-digest.service.js';

const tags = ['notifications'];

@Controller()
export class EmailDigestController {
  constructor(private readonly digests: EmailDigestService) {}

  @Get('api/v1/notifications/email')
  @Endpoint({
    summary: 'Whether this installation e-mails missed direct messages and mentions, and after how long',
    description: 'Each person turns digests on or off with `emailDigest` in PATCH /api/v1/me.',
    tags,
    response: EmailDigestPolicySchema,
  })
  policy() {
    return this.digests.policy();
  }

  @Post('api/v1/notifications/email/unsubscribe')
  @Endpoint({
    public: true,
    summary: 'Turn off e-mail digests with the token from a digest’s unsubscribe link',
    tags,
    body: EmailUnsubscribeRequestSchema,
    status: 204,
    errors: { 400: 'notifications.invalid_unsubscribe_token', 429: 'rate_limited' },
  })
  async unsubscribe(
    @ValidBody() body: z.output<typeof EmailUnsubscribeRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.digests.unsubscribe(body.token, requestContext(request));
  }

  @Post('api/v1/notifications/email/unsubscribe/one-click')
  @Endpoint({
    public: true,
    summary: 'One-click unsubscribe from e-mail digests (RFC 8058)',
    description:
      'The List-Unsubscribe address of a digest: mail clients POST `List-Unsubscribe=One-Click` ' +
      'here as a form, with the token in the query; the body is not read.',
    tags,
    query: EmailUnsubscribeRequestSchema,
    status: 204,
    errors: { 400: 'notifications.invalid_unsubscribe_token', 429: 'rate_limited' },
  })
  async oneClickUnsubscribe(
    @ValidQuery() query: z.output<typeof EmailUnsubscribeRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.digests.unsubscribe(query.token, requestContext(request));
  }
}
