import { Inject, Injectable } from '@nestjs/common';
import { type ClientErrorReport } from '@beseda/protocol';
import { type Logger } from 'pino';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { LOGGER } from '../../infra/infra.module.js';

/** A broken client can loop on an error; this keeps one browser from flooding the logs. */
const reportLimit = { name: 'client-errors', limit: 30, windowMs: 60_000 };

@Injectable()
export class ClientErrorsService {
  constructor(
    private readonly rateLimiter: RateLimiter,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async report(
    report: ClientErrorReport,
    context: { ip: string; userAgent: string | undefined; requestId: string },
  ) {
    await this.rateLimiter.consume(reportLimit, context.ip);
    this.logger.warn(
      {
        clientError: {
          kind: report.kind,
          message: report.message,
          stack: report.stack,
          // The query string of a client URL can carry one-time tokens (confirm links).
          url: report.url.split(/[?#]/)[0],
          release: report.release,
        },
        userAgent: context.userAgent,
        requestId: context.requestId,
      },
      'web client error',
    );
  }
}
