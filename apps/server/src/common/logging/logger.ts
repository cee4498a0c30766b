import { type LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';

/** Object keys whose values are secrets wherever they appear in a logged object. */
const secretKeys = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'mfaToken',
  'secret',
  'passcode',
  'apiKey',
  'recoveryCode',
  'totpCode',
];

/**
 * Query parameters are stricter than object keys: `code` there is an OAuth authorization code or
 * a one-time code, while `code` in a logged object is usually an error code worth keeping. `mfa`
 * is the challenge a sign-in through a provider hands to the web app's /login page.
 */
const secretQueryKey = /^(code|key|sig|signature|passcode|mfa|.*(token|secret|password).*)$/i;

/** Replaces the values of secret-looking query parameters so a URL can be logged safely. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const key of new Set(params.keys())) {
    if (secretQueryKey.test(key)) params.set(key, '[REDACTED]');
  }
  const query = params.toString();
  return `${url.slice(0, queryStart)}${query ? `?${query.replaceAll('%5BREDACTED%5D', '[REDACTED]')}` : ''}`;
}

const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  ...secretKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

export interface LoggerOptions {
  level: string;
  /** Where log lines go; stdout unless set (tests capture them to scan for secrets). */
  destination?: DestinationStream;
}

/** JSON-lines logger with secrets redacted; the Fastify request logger is derived from it. */
export function createLogger({ level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: 'beseda' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[REDACTED]' },
      serializers: {
        err: pino.stdSerializers.err,
        req: (req: { method: string; url: string; ip?: string; headers?: Record<string, unknown> }) => ({
          method: req.method,
          url: redactUrl(req.url),
          ip: req.ip,
          userAgent: req.headers?.['user-agent'],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination ?? pino.destination({ sync: false }),
  );
}

/** Lets NestJS's own messages go through the same JSON logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
