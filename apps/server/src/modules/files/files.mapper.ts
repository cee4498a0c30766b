import { type File } from '@beseda/protocol';
import { type FileUrls } from './file-urls.js';
import { type FileRow } from './files.repository.js';

/** A file as the API shows it, with freshly signed links; storage keys never leave the server. */
export function toFileDto(row: FileRow, urls: FileUrls): File {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    contentType: row.contentType,
    kind: row.kind,
    width: row.width,
    height: row.height,
    url: urls.sign(row.id, 'original'),
    previewUrl: row.previewKey ? urls.sign(row.id, 'preview') : null,
    thumbnailUrl: row.thumbnailKey ? urls.sign(row.id, 'thumbnail') : null,
  };
}
