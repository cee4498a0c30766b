export const statusEmojis = ['💬', '📅', '🚌', '🤒', '🌴', '🏠', '🎧', '🍽️', '☕', '🎉', '🚀', '✈️'] as const;

export const expiryChoices = ['never', '30m', '1h', '4h', 'today', 'week'] as const;
export type ExpiryChoice = (typeof expiryChoices)[number];

export const statusPresets = [
  { id: 'meeting', emoji: '📅', expiry: '1h' },
  { id: 'commuting', emoji: '🚌', expiry: '30m' },
  { id: 'sick', emoji: '🤒', expiry: 'today' },
  { id: 'vacation', emoji: '🌴', expiry: 'never' },
  { id: 'remote', emoji: '🏠', expiry: 'today' },
  { id: 'focus', emoji: '🎧', expiry: '4h' },
] as const satisfies readonly { id: string; emoji: string; expiry: ExpiryChoice }[];

const MINUTE = 60_000;

/** When a status set now with this choice clears itself, in the device's local time; null for never. */
export function expiresAtFor(choice: ExpiryChoice, now: Date = new Date()): string | null {
  const at = new Date(now);
  switch (choice) {
    case 'never':
      return null;
    case '30m':
      return new Date(now.getTime() + 30 * MINUTE).toISOString();
    case '1h':
      return new Date(now.getTime() + 60 * MINUTE).toISOString();
    case '4h':
      return new Date(now.getTime() + 240 * MINUTE).toISOString();
    case 'today':
      at.setHours(23, 59, 59, 999);
      return at.toISOString();
    case 'week':
      // The end of Sunday: weeks start on Monday in Russia and in ISO 8601.
      at.setDate(at.getDate() + ((7 - at.getDay()) % 7));
      at.setHours(23, 59, 59, 999);
      return at.toISOString();
  }
}
