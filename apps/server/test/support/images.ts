import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Test images, made on the spot with sharp (or by hand, where sharp would not write them). */

const red = { r: 255, g: 0, b: 0 };
const blue = { r: 0, g: 0, b: 255 };

/**
 * 1000×600 as stored, left half red, right half blue, with EXIF saying "rotate 90° clockwise to
 * display" (orientation 6, as phones write portrait photos) and a field that must not survive.
 */
export async function sidewaysPhoto(): Promise<Buffer> {
  const leftHalf = await sharp({ create: { width: 500, height: 600, channels: 3, background: red } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 1000, height: 600, channels: 3, background: blue } })
    .composite([{ input: leftHalf, left: 0, top: 0 }])
    .jpeg()
    .withExif({ IFD0: { Copyright: 'Alice, taken at home', Artist: 'Alice' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** A half-transparent red image in `format`. */
export const solid = (format: 'png' | 'webp' | 'gif' | 'tiff', width = 300, height = 200) =>
  sharp({ create: { width, height, channels: 4, background: { ...red, alpha: 0.5 } } })
    .toFormat(format)
    .toBuffer();

/**
 * A valid PNG of 1-bit pixels declaring `width`×`height`: all zeros compress about 1000:1, so
 * 400 megapixels fit in some 50 KB. Decoded as RGB it would take over a gigabyte.
 */
export function pixelBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const frame = Buffer.alloc(body.length + 8);
    frame.writeUInt32BE(data.length, 0);
    body.copy(frame, 4);
    frame.writeUInt32BE(crc32(body), body.length + 4);
    return frame;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(1, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height); // filter byte 0 + zero pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An SVG with a script in it: the reason SVG is never accepted as a picture. */
export const svg = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script>' +
    '<rect width="64" height="64" fill="red"/></svg>',
);
