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

const localHosts = ['localhost', '127.0.0.1', '[::1]'];

/**
 * An OpenID Connect issuer: HTTPS, since the provider's keys and tokens come from it; plain HTTP
 * only on this machine (tests, a local provider). No query or fragment (OpenID Discovery 1.0).
 */
const issuerUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    if (/[?#]/.test(value)) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && localHosts.includes(url.hostname));
  } catch {
    return false;
  }
}, 'expected an https:// URL without query or fragment (http:// only for localhost)');

/**
 * Media types as detected from a file's bytes, comma-separated; `type/*` matches a whole family.
 * `application/octet-stream` stands for content no signature matched, `text/plain` for UTF-8 text.
 */
const mediaTypeList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((type) => type.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine(
    (types) =>
      types.every((type) => /^[a-z0-9][a-z0-9!#$&^_.+-]*\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/.test(type)),
    'expected media types such as image/png or image/*, separated by commas',
  );

/** Programs: a chat is no way to hand them around, and a mistaken double-click runs them. */
const defaultDeniedTypes = [
  'application/x-msdownload',
  'application/x-msi',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-sharedlib',
  'application/vnd.microsoft.portable-executable',
];

/**
 * ICE server URLs (RFC 7064 stun:/stuns:, RFC 7065 turn:/turns:), comma-separated. They have no
 * `//`, so `new URL` cannot check them: `scheme:host[:port][?transport=udp|tcp]`.
 */
const iceUrlList = (schemes: string[], hint: string) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((url) => url.trim())
        .filter(Boolean),
    )
    .refine(
      (urls) =>
        urls.length > 0 &&
        urls.every((url) => {
          const match =
            /^([a-z]+):(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i.exec(url);
          return (
            match !== null &&
            schemes.includes(match[1]!.toLowerCase()) &&
            (match[3] === undefined || (Number(match[3]) >= 1 && Number(match[3]) <= 65535))
          );
        }),
      `expected ${hint}, separated by commas`,
    );

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
  PRESENCE_TTL_MS: positiveInt('a positive number of milliseconds').default(45_000),
  TRUST_PROXY: boolean.default(false),
  WEB_DIST_DIR: z.string().min(1).optional(),
  SMTP_URL: urlWithProtocols(['smtp', 'smtps']).optional(),
  MAIL_FROM: z
    .string()
    .regex(mailbox, 'expected an address such as "Beseda <no-reply@example.org>" or no-reply@example.org')
    .optional(),
  VAPID_SUBJECT: urlWithProtocols(['mailto', 'https']).optional(),
  PUSH_LOOPBACK_ENDPOINTS: boolean.default(false),
  EMAIL_DIGEST_DELAY_MINUTES: z.coerce
    .number({ error: 'expected a whole number of minutes, 0 to turn e-mail digests off' })
    .int('expected a whole number of minutes, 0 to turn e-mail digests off')
    .min(0, 'expected a whole number of minutes, 0 to turn e-mail digests off')
    .default(15),
  OIDC_ISSUER: issuerUrl.optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_DISPLAY_NAME: z.string().max(64, 'expected at most 64 characters').default('SSO'),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  GITHUB_CLIENT_ID: z.string().min(1).optional(),
  GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  FILE_MAX_BYTES: positiveInt('a positive number of bytes').default(100 * 1024 * 1024),
  FILE_QUOTA_BYTES: positiveInt('a positive number of bytes').default(5 * 1024 * 1024 * 1024),
  FILE_ALLOWED_TYPES: mediaTypeList.optional(),
  FILE_DENIED_TYPES: mediaTypeList.default(defaultDeniedTypes),
  FILE_MAX_PIXELS: positiveInt('a positive number of pixels').default(50_000_000),
  FILE_URL_TTL_SECONDS: positiveInt('a positive number of seconds').default(12 * 60 * 60),
  FILE_ORPHAN_TTL_HOURS: positiveInt('a positive number of hours').default(24),
  S3_ENDPOINT: urlWithProtocols(['http', 'https']).optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_ACCESS_KEY: z.string().min(1).optional(),
  S3_SECRET_KEY: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_FORCE_PATH_STYLE: boolean.default(true),
  JANUS_URL: urlWithProtocols(['ws', 'wss']).optional(),
  JANUS_API_SECRET: z.string().min(1).optional(),
  JANUS_ADMIN_KEY: z.string().min(1).optional(),
  STUN_URLS: iceUrlList(['stun', 'stuns'], 'URLs such as stun:turn.example.org:3478').optional(),
  TURN_URLS: iceUrlList(
    ['turn', 'turns'],
    'URLs such as turn:turn.example.org:3478?transport=udp or turns:turn.example.org:5349 (stun: ones go in STUN_URLS)',
  ).optional(),
  TURN_SECRET: z.string().min(1).optional(),
  TURN_TTL_SECONDS: positiveInt('a positive number of seconds').default(60 * 60),
  TURN_ONLY: boolean.default(false),
  MEETING_MESH_LIMIT: positiveInt('a positive number of people').default(4),
  MEETING_HEARTBEAT_MS: positiveInt('a positive number of milliseconds').default(10_000),
  GUEST_ACCOUNT_TTL_HOURS: positiveInt('a positive number of hours').default(24),
});

/** Variables that only enable a provider together; a partial set is a mistake, not "off". */
const providerVariableSets = [
  { provider: 'OpenID Connect sign-in', variables: ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] },
  { provider: 'Google sign-in', variables: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'] },
  { provider: 'GitHub sign-in', variables: ['GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'] },
  { provider: 'S3 file storage', variables: ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'] },
  // Rooms are created with the VideoRoom admin_key: a Janus without one lets anyone create rooms.
  { provider: 'the Janus SFU', variables: ['JANUS_URL', 'JANUS_ADMIN_KEY'] },
  { provider: 'TURN relays', variables: ['TURN_URLS', 'TURN_SECRET'] },
];

/** Never repeated in an error: connection strings may hold passwords, secrets are secrets. */
const unechoed = /URL|SECRET|S3_ENDPOINT|ADMIN_KEY/;

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
  /**
   * How long an online mark lives unless renewed (renewed every third of it): the longest a
   * killed node's users still show as online.
   */
  presenceTtlMs: number;
  trustProxy: boolean;
  webDistDir: string;
  /** SMTP server mail is sent through (may hold credentials); absent means .eml files in mailOutboxDir. */
  smtpUrl: string | undefined;
  /** The From header of every e-mail Beseda sends. */
  mailFrom: string;
  /** Where the embedded mail transport writes messages when no SMTP server is configured. */
  mailOutboxDir: string;
  /** The contact (mailto: or https:) push services see in Web Push requests (VAPID `sub`). */
  vapidSubject: string;
  /**
   * Accept push endpoints on this machine (http or https to localhost, 127.x, ::1): for tests and
   * a push service on the same host. Off, a user cannot make the server post to local services.
   */
  pushLoopbackEndpoints: boolean;
  /**
   * How long a direct message or mention may stay unread before it is e-mailed in a digest;
   * null when digests are off on this installation (EMAIL_DIGEST_DELAY_MINUTES=0).
   */
  emailDigestDelayMs: number | null;
  /** Where the embedded file storage keeps uploads and generated images (avatars). */
  filesDir: string;
  /** Identity providers users may sign in with; each is present only when fully configured. */
  oauth: OAuthConfig;
  files: FilesConfig;
  media: MediaConfig;
  meetings: MeetingsConfig;
}

export interface MeetingsConfig {
  /** Without an SFU, the most people a meeting holds (each sends to each); more are refused. */
  meshLimit: number;
  /** How often clients confirm they are still in a meeting; three missed ones end their stay. */
  heartbeatMs: number;
  /**
   * A guest account made for a meeting is ended once that meeting is over, or once it has not been
   * in any meeting for this long.
   */
  guestAccountTtlMs: number;
}

export interface MediaConfig {
  /** The SFU for meetings of three or more; absent means meetings stay peer-to-peer. */
  janus: JanusConfig | undefined;
  /** STUN servers handed to browsers as they are. */
  stunUrls: string[];
  /** TURN relays, handed to browsers with credentials made from the secret; absent means none. */
  turn: TurnConfig | undefined;
  /**
   * All meeting media through the TURN relay (browsers use only relay candidates), so that no
   * participant learns another's network address.
   */
  turnOnly: boolean;
}

export interface JanusConfig {
  /** The Janus WebSocket API (`ws://` or `wss://`); only the server connects to it. */
  url: string;
  /** Janus's core `api_secret`, when it has one: every request must carry it. */
  apiSecret: string | undefined;
  /** The VideoRoom plugin's `admin_key`, needed to create rooms. */
  adminKey: string;
}

export interface TurnConfig {
  urls: string[];
  /** coturn's `static-auth-secret` (TURN REST API): never leaves the server. */
  secret: string;
  /**
   * How long the credentials handed out can open relays. coturn checks them when a relay is
   * allocated, not afterwards: a call outlives them, a reconnection after them needs new ones.
   */
  ttlSeconds: number;
}

export interface FilesConfig {
  /** The largest file one upload may be. */
  maxBytes: number;
  /** What one user's uploads may take together (originals, counted until deleted). */
  quotaBytes: number;
  /** Detected media types accepted (`type/*` for a family); absent means every type not denied. */
  allowedTypes: string[] | undefined;
  /** Detected media types refused even when allowed. */
  deniedTypes: string[];
  /** Images declaring more pixels are refused before decoding (decompression bombs). */
  maxPixels: number;
  /** How long a signed file link works. */
  urlTtlSeconds: number;
  /** Uploads never attached to a message are deleted after this long. */
  orphanTtlMs: number;
  /** S3-compatible object storage; absent means the folder filesDir. */
  s3: S3Config | undefined;
}

export interface S3Config {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** `endpoint/bucket/key` rather than `bucket.endpoint/key`: what MinIO and most self-hosted stores need. */
  forcePathStyle: boolean;
}

export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
}

export interface OAuthConfig {
  /** A generic OpenID Connect provider (corporate SSO), found through its discovery document. */
  oidc?: OAuthClientConfig & { issuer: string; displayName: string };
  google?: OAuthClientConfig;
  github?: OAuthClientConfig;
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
  const problems = (parsed.error?.issues ?? []).map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    const value = present[variable];
    const shown = value === undefined || unechoed.test(variable) ? '' : ` (got "${value}")`;
    return `${variable}: ${issue.message}${shown}`;
  });
  for (const { provider, variables } of providerVariableSets) {
    const set = variables.filter((variable) => present[variable] !== undefined);
    if (set.length === 0 || set.length === variables.length) continue;
    for (const missing of variables.filter((variable) => !set.includes(variable))) {
      problems.push(
        `${missing}: required when ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set (set ${variables.join(', ')} to enable ${provider}, or none of them)`,
      );
    }
  }
  if (parsed.success && parsed.data.TURN_ONLY && !(parsed.data.TURN_URLS && parsed.data.TURN_SECRET)) {
    problems.push(
      'TURN_ONLY: needs TURN_URLS and TURN_SECRET (all media would go through a relay there is not)',
    );
  }
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const mailFrom = e.MAIL_FROM ?? `Beseda <no-reply@${new URL(publicUrl).hostname}>`;
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
    presenceTtlMs: e.PRESENCE_TTL_MS,
    trustProxy: e.TRUST_PROXY,
    webDistDir: e.WEB_DIST_DIR
      ? path.resolve(cwd, e.WEB_DIST_DIR)
      : path.resolve(import.meta.dirname, '../../../web/dist'),
    smtpUrl: e.SMTP_URL,
    mailFrom,
    mailOutboxDir: path.join(dataDir, 'outbox'),
    vapidSubject: e.VAPID_SUBJECT ?? `mailto:${/<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom}`,
    pushLoopbackEndpoints: e.PUSH_LOOPBACK_ENDPOINTS,
    emailDigestDelayMs: e.EMAIL_DIGEST_DELAY_MINUTES > 0 ? e.EMAIL_DIGEST_DELAY_MINUTES * 60_000 : null,
    filesDir: path.join(dataDir, 'files'),
    oauth: oauthConfig(e),
    files: {
      maxBytes: e.FILE_MAX_BYTES,
      quotaBytes: e.FILE_QUOTA_BYTES,
      allowedTypes: e.FILE_ALLOWED_TYPES,
      deniedTypes: e.FILE_DENIED_TYPES,
      maxPixels: e.FILE_MAX_PIXELS,
      urlTtlSeconds: e.FILE_URL_TTL_SECONDS,
      orphanTtlMs: e.FILE_ORPHAN_TTL_HOURS * 60 * 60 * 1000,
      s3:
        e.S3_ENDPOINT && e.S3_BUCKET && e.S3_ACCESS_KEY && e.S3_SECRET_KEY
          ? {
              endpoint: e.S3_ENDPOINT,
              bucket: e.S3_BUCKET,
              accessKeyId: e.S3_ACCESS_KEY,
              secretAccessKey: e.S3_SECRET_KEY,
              region: e.S3_REGION,
              forcePathStyle: e.S3_FORCE_PATH_STYLE,
            }
          : undefined,
    },
    media: {
      janus:
        e.JANUS_URL && e.JANUS_ADMIN_KEY
          ? { url: e.JANUS_URL, apiSecret: e.JANUS_API_SECRET, adminKey: e.JANUS_ADMIN_KEY }
          : undefined,
      stunUrls: e.STUN_URLS ?? [],
      turn:
        e.TURN_URLS && e.TURN_SECRET
          ? { urls: e.TURN_URLS, secret: e.TURN_SECRET, ttlSeconds: e.TURN_TTL_SECONDS }
          : undefined,
      turnOnly: e.TURN_ONLY,
    },
    meetings: {
      meshLimit: e.MEETING_MESH_LIMIT,
      heartbeatMs: e.MEETING_HEARTBEAT_MS,
      guestAccountTtlMs: e.GUEST_ACCOUNT_TTL_HOURS * 60 * 60 * 1000,
    },
  };
}

function oauthConfig(e: Env): OAuthConfig {
  const pair = (clientId: string | undefined, clientSecret: string | undefined) =>
    clientId && clientSecret ? { clientId, clientSecret } : undefined;
  const oidc = pair(e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET);
  return {
    oidc:
      oidc && e.OIDC_ISSUER
        ? { ...oidc, issuer: e.OIDC_ISSUER, displayName: e.OIDC_DISPLAY_NAME }
        : undefined,
    google: pair(e.GOOGLE_CLIENT_ID, e.GOOGLE_CLIENT_SECRET),
    github: pair(e.GITHUB_CLIENT_ID, e.GITHUB_CLIENT_SECRET),
  };
}

/** Names of the variables, for documentation and tests. */
export const configVariables = Object.keys(EnvSchema.shape);
