import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives working embedded defaults for an empty environment', () => {
    const config = loadConfig({}, '/srv/beseda');
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      dataDir: '/srv/beseda/data',
      embeddedDatabaseDir: path.join('/srv/beseda/data', 'pg'),
      databaseUrl: undefined,
      redisUrl: undefined,
      logLevel: 'info',
      smtpUrl: undefined,
      mailFrom: 'Beseda <no-reply@localhost>',
      mailOutboxDir: path.join('/srv/beseda/data', 'outbox'),
      filesDir: path.join('/srv/beseda/data', 'files'),
    });
  });

  it('sends mail from no-reply at the public host unless MAIL_FROM says otherwise', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://chat.example.org:8443/beseda' }).mailFrom).toBe(
      'Beseda <no-reply@chat.example.org>',
    );
    expect(loadConfig({ MAIL_FROM: 'robot@example.org' }).mailFrom).toBe('robot@example.org');
  });

  it('reads every variable it documents', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        PUBLIC_URL: 'https://chat.example.org/',
        DATA_DIR: '/var/lib/beseda',
        DATABASE_URL: 'postgres://beseda@db:5432/beseda',
        REDIS_URL: 'redis://cache:6379',
        LOG_LEVEL: 'debug',
        BODY_LIMIT_BYTES: '2048',
        SHUTDOWN_TIMEOUT_MS: '500',
        PRESENCE_TTL_MS: '6000',
        TRUST_PROXY: 'true',
        SMTP_URL: 'smtps://beseda:secret@mail.example.org:465',
        MAIL_FROM: 'Беседа <chat@example.org>',
      },
      '/',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'https://chat.example.org',
      dataDir: '/var/lib/beseda',
      databaseUrl: 'postgres://beseda@db:5432/beseda',
      redisUrl: 'redis://cache:6379',
      logLevel: 'debug',
      bodyLimitBytes: 2048,
      shutdownTimeoutMs: 500,
      presenceTtlMs: 6000,
      trustProxy: true,
      smtpUrl: 'smtps://beseda:secret@mail.example.org:465',
      mailFrom: 'Беседа <chat@example.org>',
      mailOutboxDir: path.join('/var/lib/beseda', 'outbox'),
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' }).port).toBe(3000);
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT: expected a number \(got "abc"\)$/],
    [{ PORT: '70000' }, /^Invalid configuration: PORT: expected a port between 1 and 65535/],
    [{ PORT: '80.5' }, /PORT: expected an integer/],
    [
      { LOG_LEVEL: 'loud' },
      /LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)/,
    ],
    [
      { DATABASE_URL: 'mysql://x' },
      /DATABASE_URL: expected a URL starting with postgres:\/\/ or postgresql:\/\//,
    ],
    [{ REDIS_URL: 'not a url' }, /REDIS_URL: expected a URL starting with redis:\/\/ or rediss:\/\//],
    [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL: expected a URL/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY: expected true or false/],
    [
      { SMTP_URL: 'http://mail.example.org' },
      /SMTP_URL: expected a URL starting with smtp:\/\/ or smtps:\/\//,
    ],
    [{ MAIL_FROM: 'Beseda' }, /MAIL_FROM: expected an address such as .* \(got "Beseda"\)/],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it.each([{ DATABASE_URL: 'mysql://user:hunter2@db/x' }, { SMTP_URL: 'imap://user:hunter2@mail/x' }])(
    'never repeats a connection URL in the error, as it may hold a password: %j',
    (env) => {
      expect(() => loadConfig(env)).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
      );
    },
  );

  it('enables an identity provider only when its client id and secret are both set', () => {
    expect(loadConfig({}).oauth).toEqual({ oidc: undefined, google: undefined, github: undefined });
    const config = loadConfig({
      OIDC_ISSUER: 'https://sso.example.org/realms/staff',
      OIDC_CLIENT_ID: 'beseda',
      OIDC_CLIENT_SECRET: 'oidc-secret',
      GOOGLE_CLIENT_ID: 'g-id',
      GOOGLE_CLIENT_SECRET: 'g-secret',
      GITHUB_CLIENT_ID: 'gh-id',
      GITHUB_CLIENT_SECRET: 'gh-secret',
    });
    expect(config.oauth).toEqual({
      oidc: {
        issuer: 'https://sso.example.org/realms/staff',
        clientId: 'beseda',
        clientSecret: 'oidc-secret',
        displayName: 'SSO',
      },
      google: { clientId: 'g-id', clientSecret: 'g-secret' },
      github: { clientId: 'gh-id', clientSecret: 'gh-secret' },
    });
    expect(
      loadConfig({
        OIDC_ISSUER: 'http://127.0.0.1:4000',
        OIDC_CLIENT_ID: 'beseda',
        OIDC_CLIENT_SECRET: 's',
        OIDC_DISPLAY_NAME: 'Staff login',
      }).oauth.oidc,
    ).toMatchObject({ issuer: 'http://127.0.0.1:4000', displayName: 'Staff login' });
  });

  it.each([
    [
      { GOOGLE_CLIENT_ID: 'g-id' },
      /^Invalid configuration: GOOGLE_CLIENT_SECRET: required when GOOGLE_CLIENT_ID is set/,
    ],
    [{ GITHUB_CLIENT_SECRET: 'gh-secret' }, /GITHUB_CLIENT_ID: required when GITHUB_CLIENT_SECRET is set/],
    [
      { OIDC_CLIENT_ID: 'beseda', OIDC_CLIENT_SECRET: 'oidc-secret' },
      /OIDC_ISSUER: required when OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set/,
    ],
    [
      { OIDC_ISSUER: 'http://sso.example.org', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' },
      /OIDC_ISSUER: expected an https:\/\/ URL/,
    ],
    [
      { OIDC_ISSUER: 'https://sso.example.org/?tenant=1', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' },
      /OIDC_ISSUER: expected an https:\/\/ URL without query/,
    ],
  ])('stops on a partial or wrong identity provider setting %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never repeats a client secret in the error', () => {
    expect(() => loadConfig({ GOOGLE_CLIENT_SECRET: 'hunter2', OIDC_DISPLAY_NAME: 'x'.repeat(65) })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
    expect(() => loadConfig({ OIDC_CLIENT_SECRET: 'hunter2', PORT: 'x' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  it('configures no SFU and no ICE servers by default', () => {
    expect(loadConfig({}).media).toEqual({
      janus: undefined,
      stunUrls: [],
      turn: undefined,
      turnOnly: false,
    });
  });

  it('reads the Janus SFU and the STUN and TURN servers', () => {
    const config = loadConfig({
      JANUS_URL: 'ws://10.0.0.5:8188',
      JANUS_API_SECRET: 'api-secret',
      JANUS_ADMIN_KEY: 'admin-key',
      STUN_URLS: 'stun:turn.example.org:3478',
      TURN_URLS: 'turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349?transport=tcp,',
      TURN_SECRET: 'turn-secret',
      TURN_TTL_SECONDS: '3600',
    });
    expect(config.media).toEqual({
      janus: { url: 'ws://10.0.0.5:8188', apiSecret: 'api-secret', adminKey: 'admin-key' },
      stunUrls: ['stun:turn.example.org:3478'],
      turn: {
        urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349?transport=tcp'],
        secret: 'turn-secret',
        ttlSeconds: 3600,
      },
      turnOnly: false,
    });
    expect(loadConfig({ TURN_URLS: 'turn:[::1]', TURN_SECRET: 's', TURN_ONLY: 'true' }).media.turnOnly).toBe(
      true,
    );
    expect(loadConfig({ TURN_URLS: 'turn:[::1]', TURN_SECRET: 's' }).media.turn).toMatchObject({
      urls: ['turn:[::1]'],
      ttlSeconds: 3600,
    });
  });

  it.each([
    [{ JANUS_URL: 'http://janus:8088/janus' }, /JANUS_URL: expected a URL starting with ws:\/\/ or wss:\/\//],
    [{ JANUS_URL: 'ws://janus:8188' }, /JANUS_ADMIN_KEY: required when JANUS_URL is set/],
    [{ JANUS_ADMIN_KEY: 'k' }, /JANUS_URL: required when JANUS_ADMIN_KEY is set/],
    [{ TURN_URLS: 'turn:turn.example.org' }, /TURN_SECRET: required when TURN_URLS is set/],
    [{ TURN_SECRET: 's' }, /TURN_URLS: required when TURN_SECRET is set/],
    [{ TURN_URLS: 'stun:turn.example.org', TURN_SECRET: 's' }, /TURN_URLS: expected URLs such as turn:/],
    [{ TURN_URLS: 'turn://turn.example.org', TURN_SECRET: 's' }, /TURN_URLS: expected/],
    [{ TURN_URLS: 'turn:turn.example.org:99999', TURN_SECRET: 's' }, /TURN_URLS: expected/],
    [{ TURN_URLS: 'turn:x?transport=sctp', TURN_SECRET: 's' }, /TURN_URLS: expected/],
    [{ STUN_URLS: 'turn:turn.example.org' }, /STUN_URLS: expected URLs such as stun:/],
    [{ TURN_TTL_SECONDS: '0' }, /TURN_TTL_SECONDS: expected a positive number of seconds/],
    [{ TURN_ONLY: 'true' }, /TURN_ONLY: needs TURN_URLS and TURN_SECRET/],
  ])('stops on a wrong media setting %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never repeats the Janus or TURN secrets in the error', () => {
    const env = {
      JANUS_ADMIN_KEY: 'hunter2',
      JANUS_API_SECRET: 'hunter3',
      TURN_SECRET: 'hunter4',
      PORT: 'x',
    };
    expect(() => loadConfig(env)).toThrow(
      expect.objectContaining({ message: expect.not.stringMatching(/hunter/) }),
    );
  });

  it('e-mails digests after 15 minutes by default, after the given delay, or never with 0', () => {
    expect(loadConfig({}).emailDigestDelayMs).toBe(15 * 60_000);
    expect(loadConfig({ EMAIL_DIGEST_DELAY_MINUTES: '60' }).emailDigestDelayMs).toBe(60 * 60_000);
    expect(loadConfig({ EMAIL_DIGEST_DELAY_MINUTES: '0' }).emailDigestDelayMs).toBeNull();
    expect(() => loadConfig({ EMAIL_DIGEST_DELAY_MINUTES: '1.5' })).toThrow(
      /EMAIL_DIGEST_DELAY_MINUTES: expected a whole number of minutes, 0 to turn e-mail digests off \(got "1.5"\)/,
    );
  });

  it('reports every wrong variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT: .*; LOG_LEVEL: /);
  });
});
