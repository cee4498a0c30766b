import { describe, expect, it } from 'vitest';
import { iceServersFor, turnCredentials } from './turn-credentials.js';

const now = new Date('2026-01-02T03:04:05.678Z');
const turn = { urls: ['turn:turn.example.org:3478?transport=udp'], secret: 's3cret', ttlSeconds: 3600 };

describe('turnCredentials', () => {
  it('names the expiry and the user, signed with HMAC-SHA1 of the secret as coturn checks it', () => {
    // Reference value: printf '1700000000:alice' | openssl dgst -sha1 -hmac s3cret -binary | base64
    expect(turnCredentials('s3cret', 'alice', new Date(1_700_000_000_000))).toEqual({
      username: '1700000000:alice',
      credential: 'TtElzSjT0GdnTQ9xdcRNxx96yQs=',
    });
  });

  it('refuses a user id holding the separator coturn splits the user name on', () => {
    expect(() => turnCredentials('s3cret', 'a:b', now)).toThrow(/must not contain/);
  });
});

describe('iceServersFor', () => {
  it('gives no servers when none are configured', () => {
    expect(iceServersFor({ stunUrls: [], turn: undefined }, 'u1', now)).toEqual({
      iceServers: [],
      expiresAt: undefined,
    });
  });

  it('gives STUN as configured and TURN with credentials ending after the lifetime', () => {
    const list = iceServersFor({ stunUrls: ['stun:turn.example.org'], turn }, 'u1', now);
    const expiry = Math.floor(now.getTime() / 1000) + 3600;
    expect(list).toEqual({
      iceServers: [
        { urls: ['stun:turn.example.org'] },
        {
          urls: turn.urls,
          username: `${expiry}:u1`,
          credential: turnCredentials('s3cret', 'u1', new Date(expiry * 1000)).credential,
        },
      ],
      expiresAt: new Date(expiry * 1000).toISOString(),
    });
    expect(JSON.stringify(list)).not.toContain('s3cret');
  });

  it('gives each user credentials of their own', () => {
    const [a] = iceServersFor({ stunUrls: [], turn }, 'u1', now).iceServers;
    const [b] = iceServersFor({ stunUrls: [], turn }, 'u2', now).iceServers;
    expect(a!.credential).not.toBe(b!.credential);
  });
});
