import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce
  .number({ error: 'expected a number' })
  .int('expected an integer')
  .min(1, 'expected a port between 1 and 65535')
  .max(65535, 'expected a port between 1 and 65535');

const urlWithProtocols = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    `expected a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  );

const positiveInt = (what: string) =>
  z.coerce
    .number({ error: `expected ${what}` })
    .int(`expected ${what}`)
    .positive(`expected ${what}`);

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

/** `name@host` or `Display Name <name@host>`: what a From header may hold for one sender. */
const mailbox = /^(?:[^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/;

/** The environment variables Beseda reads, with their defaults. Empty strings count as unset. */
const EnvSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: urlWithProtocols(['http', 'https']).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: urlWithProtocols(['postgres', 'postgresql']).optional(),
  REDIS_URL: urlWithProtocols(['redis', 'rediss']).optional(),
  REDIS_KEY_PREFIX: z.string().min(1).default('beseda:'),
  LOG_LEVEL: z.enum(logLevels, { error: `expected one of ${logLevels.join(', ')}` }).default('info'),
  BODY_LIMIT_BYTES: positiveInt('a positive number of bytes').default(1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: positiveInt('a positive number of milliseconds').default(10_000),
  TRUST_PROXY: boolean.default(false),
  WEB_DIST_DIR: z.string().min(1).optional(),
  SMTP_URL: urlWithProtocols(['smtp', 'smtps']).optional(),
  MAIL_FROM: z
    .string()
    .regex(mailbox, 'expected an address such as "Beseda <no-reply@example.org>" or no-reply@example.org')
    .optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  /** PostgreSQL connection string; absent means the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  /** Embedded database location: a directory, or `memory://` for a throwaway in-memory database. */
  embeddedDatabaseDir: string;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  logLevel: (typeof logLevels)[number];
  bodyLimitBytes: number;
  shutdownTimeoutMs: number;
  trustProxy: boolean;
  webDistDir: string;
  /** SMTP server mail is sent through (may hold credentials); absent means .eml files in mailOutboxDir. */
  smtpUrl: string | undefined;
  /** The From header of every e-mail Beseda sends. */
  mailFrom: string;
  /** Where the embedded mail transport writes messages when no SMTP server is configured. */
  mailOutboxDir: string;
}

/** A configuration problem, phrased as one line that names the variable and what is wrong. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment once, at start. Every problem is reported together in one line, so an
 * operator fixes the whole configuration in one go rather than one variable per restart.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const present = Object.fromEntries(
    Object.keys(EnvSchema.shape)
      .map((key) => [key, env[key]?.trim()] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      const value = present[variable];
      const shown = value === undefined || /URL/.test(variable) ? '' : ` (got "${value}")`;
      return `${variable}: ${issue.message}${shown}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    embeddedDatabaseDir: path.join(dataDir, 'pg'),
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY,
    webDistDir: e.WEB_DIST_DIR
      ? path.resolve(cwd, e.WEB_DIST_DIR)
      : path.resolve(import.meta.dirname, '../../../web/dist'),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `Beseda <no-reply@${new URL(publicUrl).hostname}>`,
    mailOutboxDir: path.join(dataDir, 'outbox'),
  };
}

/** Names of the variables, for documentation and tests. */
export const configVariables = Object.keys(EnvSchema.shape);
