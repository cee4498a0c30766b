import { type AvatarSize, ErrorCode } from '@beseda/protocol';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { AppError } from '../../common/errors/app-error.js';

/** Phone cameras produce 3–5 MiB JPEGs; anything larger is not a profile picture. */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

/**
 * A 40 megapixel image decodes to about 160 MB of RGBA. A few kilobytes of PNG can declare far
 * more (a decompression bomb), so the size on the wire says nothing: the declared dimensions do.
 */
export const AVATAR_MAX_PIXELS = 40_000_000;

export const avatarSizes = ['256', '64'] as const satisfies readonly AvatarSize[];

/**
 * What the bytes are, whatever the name or Content-Type said, mapped to the format libvips must
 * report for the same bytes. APNG is a PNG whose first frame is used, like a GIF's or WebP's.
 */
const acceptedTypes: Record<string, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/apng': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

const unsupported = () =>
  new AppError(ErrorCode.unsupportedFileType, 415, 'Upload a JPEG, PNG, WebP or GIF image');

const invalid = () => new AppError(ErrorCode.invalidImage, 422, 'The image is damaged or cannot be read');

const tooManyPixels = () =>
  new AppError(
    ErrorCode.imageTooLarge,
    422,
    `The image has more than ${AVATAR_MAX_PIXELS / 1_000_000} megapixels: scale it down first`,
  );

/**
 * Turns an upload into the square WebP versions of an avatar: oriented as the camera meant it,
 * centre-cropped, and re-encoded from pixels, so no metadata (EXIF with GPS position, camera
 * serial, comments) and no crafted bytes of the original survive.
 */
export async function renderAvatar(data: Buffer): Promise<Record<AvatarSize, Buffer>> {
  const detected = await fileTypeFromBuffer(data);
  const format = detected && acceptedTypes[detected.mime];
  if (!format) throw unsupported();

  // The pixel limit applies to metadata() as well as to the resize below. sharp's default
  // failOn ('warning', its strictest) stays: it is the level meant for untrusted input.
  const image = sharp(data, { limitInputPixels: AVATAR_MAX_PIXELS });
  try {
    const metadata = await image.metadata();
    // libvips picks its decoder by sniffing too, and it has many (SVG, PDF, TIFF, HEIF): the
    // one it picks must be the one file-type accepted, or a polyglot file would reach another.
    if (metadata.format !== format) throw unsupported();
    const oriented = image.rotate();
    const [large, small] = await Promise.all(
      avatarSizes.map((size) =>
        oriented
          .clone()
          .resize(Number(size), Number(size), { fit: 'cover', position: 'centre' })
          .webp({ quality: 82, effort: 4 })
          .toBuffer(),
      ),
    );
    return { '256': large!, '64': small! };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof Error && /pixel limit/i.test(error.message)) throw tooManyPixels();
    throw invalid();
  }
}
