import { Controller, Post, Req } from '@nestjs/common';
import { type ClientErrorReport, ClientErrorReportSchema } from '@beseda/protocol';
import { type FastifyRequest } from 'fastify';
import { Endpoint, ValidBody } from '../../common/http/endpoint.decorator.js';
import { ClientErrorsService } from './client-errors.service.js';

@Controller('api/v1/client-errors')
export class ClientErrorsController {
  constructor(private readonly clientErrors: ClientErrorsService) {}

  @Post()
  @Endpoint({
    public: true,
    summary: 'Report an error that happened in a client, for the server log',
    description: 'Limited to 30 reports a minute per address.',
    tags: ['client-errors'],
    body: ClientErrorReportSchema,
    status: 202,
    errors: { 413: 'request.payload_too_large', 429: 'rate_limited (see Retry-After)' },
  })
  async report(@ValidBody() report: ClientErrorReport, @Req() request: FastifyRequest): Promise<void> {
    await this.clientErrors.report(report, {
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      requestId: request.id,
    });
  }
}
