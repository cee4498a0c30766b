import { ErrorCode } from '@beseda/protocol';
import sharp from 'sharp';
import { AppError } from '../../common/errors/app-error.js';
import { previewableImages } from './file-types.js';

/** Longer side of the two generated sizes, in pixels. */
export const PREVIEW_SIZE = 1280;
export const THUMBNAIL_SIZE = 320;

export interface ImageVariants {
  /** As displayed: EXIF orientation applied. */
  width: number;
  height: number;
  preview: Buffer;
  thumbnail: Buffer;
}

const badImage = (message: string) => new AppError(ErrorCode.fileBadImage, 400, message);

/**
 * Decodes an uploaded image once and re-encodes a preview and a thumbnail as WebP: turned upright
 * as the camera meant, scaled down only, with no metadata (EXIF with GPS position, camera serial,
 * comments), so no crafted bytes of the original reach another client through them. Images that
 * declare more than `maxPixels` are refused from their header, before any pixel is decoded.
 */
export async function renderImageVariants(
  path: string,
  contentType: string,
  maxPixels: number,
): Promise<ImageVariants> {
  // sharp's default failOn ('warning', its strictest) stays: it is the level for untrusted input.
  const image = sharp(path, { limitInputPixels: maxPixels });
  try {
    const metadata = await image.metadata();
    // libvips sniffs too and has many more decoders (SVG, PDF, TIFF...): the one it picks must
    // be the one the bytes were accepted as, or a polyglot file would reach another decoder.
    if (metadata.format !== previewableImages[contentType]) throw badImage('The image cannot be read');
    const upright = image.rotate();
    const [preview, thumbnail] = await Promise.all(
      [PREVIEW_SIZE, THUMBNAIL_SIZE].map((size) =>
        upright
          .clone()
          .resize(size, size, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 80, effort: 4 })
          .toBuffer(),
      ),
    );
    const sideways = (metadata.orientation ?? 1) >= 5;
    return {
      width: sideways ? metadata.height : metadata.width,
      height: sideways ? metadata.width : metadata.height,
      preview: preview!,
      thumbnail: thumbnail!,
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw badImage(`The image has more than ${maxPixels / 1_000_000} megapixels: scale it down first`);
    }
    throw badImage('The image is damaged or cannot be read');
  }
}
