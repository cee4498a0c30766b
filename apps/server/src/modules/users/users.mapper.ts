import { type Me, type PublicUser } from '@beseda/protocol';
import { type UserRow } from './users.repository.js';

function customStatus(row: UserRow, now: Date) {
  const expired = row.customStatusExpiresAt !== null && row.customStatusExpiresAt <= now;
  if (expired || (!row.customStatusText && !row.customStatusEmoji)) return null;
  return {
    text: row.customStatusText ?? '',
    emoji: row.customStatusEmoji,
    expiresAt: row.customStatusExpiresAt?.toISOString() ?? null,
  };
}

/**
 * The 256 px version; clients swap the last segment for another size. Relative, as the web client
 * is served from the same origin; the key changes with every upload, so the URL can be cached.
 */
function avatarUrl(row: UserRow): string | null {
  return row.avatarKey ? `/api/v1/avatars/${row.avatarKey}/256` : null;
}

/**
 * What others see. `presence` is the effective one (offline without a live connection or when
 * invisible); private fields never leave through here.
 */
export function toPublicUserDto(
  row: UserRow,
  presence: PublicUser['presence'],
  now = new Date(),
): PublicUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    about: row.about,
    avatarUrl: avatarUrl(row),
    presence,
    customStatus: customStatus(row, now),
    role: row.role,
  };
}

export function toMeDto(row: UserRow, permissions: ReadonlySet<string>, now = new Date()): Me {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    displayName: row.displayName,
    about: row.about,
    avatarUrl: avatarUrl(row),
    timeZone: row.timeZone,
    language: row.language,
    role: row.role,
    permissions: [...permissions].sort(),
    presence: row.presence,
    customStatus: customStatus(row, now),
    totpEnabled: row.totpEnabledAt !== null,
    hasPassword: row.passwordHash !== null,
    emailDigest: row.emailDigest,
    createdAt: row.createdAt.toISOString(),
  };
}
