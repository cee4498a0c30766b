import { open } from 'node:fs/promises';
import { type FileKind } from '@beseda/protocol';
import { fileTypeFromFile } from 'file-type';

/** Content no signature matches, and that is not text either. */
export const UNKNOWN_TYPE = 'application/octet-stream';
export const TEXT_TYPE = 'text/plain';

/** Images the server decodes to make a preview and a thumbnail, by the format libvips reports. */
export const previewableImages: Record<string, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/apng': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/**
 * Types a browser may show in its own page. Everything else (HTML, SVG, XML, PDF, text...) is
 * sent as an attachment to download: shown inline from this origin, it could run script.
 */
const inlineTypes = new Set([
  ...Object.keys(previewableImages),
  'image/avif',
  'video/mp4',
  'video/webm',
  'video/ogg',
  'video/quicktime',
  'audio/mpeg',
  'audio/ogg',
  'audio/opus',
  'audio/wav',
  'audio/webm',
  'audio/mp4',
  'audio/aac',
  'audio/flac',
  'audio/x-flac',
]);

export const isInlineType = (contentType: string) => inlineTypes.has(contentType);

/**
 * What the file is, from its first bytes (magic numbers), never from its name or the uploader's
 * Content-Type. Formats without a signature come out as UTF-8 text or as unknown bytes; either is
 * only ever served as a download.
 */
export async function detectType(path: string): Promise<string> {
  const detected = await fileTypeFromFile(path);
  if (detected) return detected.mime;
  return (await looksLikeText(path)) ? TEXT_TYPE : UNKNOWN_TYPE;
}

async function looksLikeText(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const sample = head.subarray(0, bytesRead);
    if (sample.includes(0)) return false;
    // The sample may end inside a character: allow an incomplete sequence at the very end.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
      return true;
    } catch {
      return false;
    }
  } finally {
    await handle.close();
  }
}

export function kindOf(contentType: string): FileKind {
  if (previewableImages[contentType]) return 'image';
  if (contentType.startsWith('video/')) return 'video';
  if (contentType.startsWith('audio/')) return 'audio';
  return 'file';
}

const matches = (contentType: string, pattern: string) =>
  pattern.endsWith('/*') ? contentType.startsWith(pattern.slice(0, -1)) : contentType === pattern;

/** The deny list wins; with no allow list every type not denied is accepted. */
export function isTypeAllowed(contentType: string, allowed: string[] | undefined, denied: string[]): boolean {
  if (denied.some((pattern) => matches(contentType, pattern))) return false;
  return !allowed || allowed.some((pattern) => matches(contentType, pattern));
}

/**
 * The uploaded name, made safe to show and to put in a Content-Disposition header: no folders,
 * no control or bidirectional-override characters, at most 255 characters.
 */
export function cleanFileName(name: string | undefined): string {
  // Browsers escape these three in a multipart file name (HTML's form encoding); busboy does not
  // unescape them.
  const unescaped = (name ?? '').replace(/%22/g, '"').replace(/%0[AD]/gi, ' ');
  const base = unescaped.split(/[/\\]/).pop() ?? '';
  const cleaned = [...base.replace(/[\p{Cc}\p{Cf}]/gu, '').trim()].slice(0, 255).join('');
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
}
