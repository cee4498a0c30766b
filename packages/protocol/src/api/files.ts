import { z } from 'zod';

/** How a client shows a file: images have a preview and a thumbnail, video and audio play inline. */
export const FileKindSchema = z.enum(['image', 'video', 'audio', 'file']);
export type FileKind = z.infer<typeof FileKindSchema>;

/** The stored versions of a file: the bytes as uploaded, and for images two re-encoded sizes. */
export const FileVariantSchema = z.enum(['original', 'preview', 'thumbnail']);
export type FileVariant = z.infer<typeof FileVariantSchema>;

/** The most files one message carries. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

/**
 * An uploaded file. The URLs are signed and short-lived: a browser can put them straight into
 * `<img src>`, `<video src>` or `<a href>` without a token. Fetch the message (or history) again
 * for fresh ones once they expire.
 */
export const FileSchema = z
  .object({
    id: z.uuid(),
    /** The name the file was uploaded with, for display and as the download's file name. */
    name: z.string(),
    /** Bytes of the original. */
    size: z.number().int().nonnegative(),
    /** Detected from the file's content, never taken from its name or the uploader's header. */
    contentType: z.string(),
    kind: FileKindSchema,
    /** Pixel size of an image as displayed (EXIF orientation applied); null for other kinds. */
    width: z.number().int().positive().nullable(),
    height: z.number().int().positive().nullable(),
    /** The original, e.g. `/api/v1/files/<id>?v=original&exp=…&sig=…`. */
    url: z.string(),
    /** A WebP at most 1280 px on its longer side; images only. */
    previewUrl: z.string().nullable(),
    /** A WebP at most 320 px on its longer side; images only. */
    thumbnailUrl: z.string().nullable(),
  })
  .meta({ id: 'File' });
export type File = z.infer<typeof FileSchema>;

export const FileIdParamsSchema = z.strictObject({ id: z.uuid() });

/** A signed link's query; without `sig`, the request needs a bearer token of someone who may read the file. */
export const FileDownloadQuerySchema = z.strictObject({
  v: FileVariantSchema.default('original'),
  /** Expiry, in seconds since the epoch. */
  exp: z.coerce.number().int().positive().optional(),
  sig: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .optional(),
});
