import type { Me, Session, TokenPair } from '@beseda/protocol';

export function buildMe(overrides: Partial<Me> = {}): Me {
  return {
    id: '0d5c8a3e-6f1b-4b8e-9a3c-2f4d6e8a0b1c',
    email: 'anna@example.com',
    username: 'anna',
    displayName: 'Anna Petrova',
    about: '',
    avatarUrl: null,
    timeZone: 'Europe/Moscow',
    language: 'en',
    role: 'member',
    permissions: [],
    presence: 'online',
    customStatus: null,
    totpEnabled: false,
    hasPassword: true,
    emailDigest: true,
    createdAt: '2026-01-10T09:00:00.000Z',
    ...overrides,
  };
}

export function buildTokenPair(overrides: Partial<TokenPair> = {}): TokenPair {
  return {
    mfaRequired: false,
    accessToken: 'access-token-1',
    expiresIn: 600,
    tokenType: 'Bearer',
    sessionId: '7a1e2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    ...overrides,
  };
}

export function buildSession(overrides: Partial<Session> = {}): Session {
  return {
    id: crypto.randomUUID(),
    current: false,
    userAgent: 'Mozilla/5.0',
    device: 'Firefox 140 on Windows',
    ip: '203.0.113.7',
    authMethod: 'password',
    createdAt: '2026-03-01T08:00:00.000Z',
    lastUsedAt: '2026-03-02T08:00:00.000Z',
    ...overrides,
  };
}
