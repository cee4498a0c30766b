/**
 * What the server accepts as a profile picture (apps/server/src/modules/users/avatar-image.ts).
 * Checked here only to spare a doomed upload; the server judges the content and has the last word.
 */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
export const AVATAR_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
const AVATAR_EXTENSIONS = /\.(jpe?g|png|webp|gif)$/i;

export type AvatarFileProblem = 'unsupportedType' | 'tooLarge';

export function avatarFileProblem(file: File): AvatarFileProblem | null {
  // Some systems give no type for a file they do not know; its name is the only clue left.
  const knownType = file.type
    ? (AVATAR_TYPES as readonly string[]).includes(file.type)
    : AVATAR_EXTENSIONS.test(file.name);
  if (!knownType) return 'unsupportedType';
  if (file.size > AVATAR_MAX_BYTES) return 'tooLarge';
  return null;
}
