import { Controller, Get, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ErrorCode, FileDownloadQuerySchema, FileIdParamsSchema, FileSchema } from '@beseda/protocol';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { Endpoint, ValidParams, ValidQuery } from '../../common/http/endpoint.decorator.js';
import { CurrentPrincipal, OptionalPrincipal, type Principal } from '../auth/guard/principal.js';
import { isInlineType } from './file-types.js';
import { type Download, FilesService, UPLOAD_FIELD } from './files.service.js';

const tags = ['files'];

@Controller('api/v1/files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @Endpoint({
    summary: 'Upload a file to send with a message',
    description:
      'One file per request, streamed. Its type is detected from its content, never from its name ' +
      'or declared type. Images (JPEG, PNG, WebP, GIF) get a preview and a thumbnail, upright and ' +
      'without metadata. Attach the returned id to a message (`attachments` when sending) within ' +
      'a day (FILE_ORPHAN_TTL_HOURS), or the upload is deleted. The size limit (FILE_MAX_BYTES) ' +
      'and the per-user quota (FILE_QUOTA_BYTES) are set by the installation.',
    tags,
    upload: { field: UPLOAD_FIELD, description: 'The file, any type the installation accepts.' },
    response: FileSchema,
    status: 201,
    errors: {
      400: 'file.bad_image (cannot be decoded, or too many pixels), or validation.failed',
      413: 'file.too_large or file.quota_exceeded',
      415: 'file.type_not_allowed, or request.unsupported_media_type when the body is not multipart',
      429: 'rate_limited (see Retry-After)',
    },
  })
  upload(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest) {
    return this.files.upload(principal, request);
  }

  @Get(':id')
  @Endpoint({
    // <img>, <video> and <a> send no token: the signed link is the permission. API clients may
    // send their token instead and are checked as readers of the file.
    public: true,
    optionalAuth: true,
    summary: 'Download a file, its preview or its thumbnail',
    description:
      'Use the signed links from `File` (`v`, `exp`, `sig`), or send a bearer token without them. ' +
      'Only images, audio and video are shown inline; every other type is sent as a download.',
    tags,
    params: FileIdParamsSchema,
    query: FileDownloadQuerySchema,
    response: z.string().meta({ format: 'binary' }),
    responseContentType: 'application/octet-stream',
    errors: {
      404: 'file.not_found: no such file, a deleted message, an expired or altered link, or no right to read it',
    },
  })
  async download(
    @OptionalPrincipal() principal: Principal | undefined,
    @ValidParams() params: z.output<typeof FileIdParamsSchema>,
    @ValidQuery() query: z.output<typeof FileDownloadQuerySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    let download: Download;
    if (query.sig !== undefined && query.exp !== undefined) {
      download = await this.files.open(params.id, query.v, { exp: query.exp, sig: query.sig });
      const secondsLeft = Math.max(0, query.exp - Math.floor(Date.now() / 1000));
      void reply.header('Cache-Control', `private, max-age=${Math.min(secondsLeft, 86_400)}`);
    } else if (principal) {
      download = await this.files.open(params.id, query.v, { principal });
      void reply.header('Cache-Control', 'private, no-cache');
    } else {
      throw new AppError(ErrorCode.fileNotFound, 404, 'No such file');
    }
    return serve(download, reply);
  }

  @Get(':id/thumbnail')
  @Endpoint({
    summary: "Redirect to a file's thumbnail",
    description: 'A 302 to a freshly signed thumbnail link; images only.',
    tags,
    params: FileIdParamsSchema,
    status: 302,
    errors: { 404: 'file.not_found (or not an image)' },
  })
  async thumbnail(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof FileIdParamsSchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const url = await this.files.signedUrl(principal, params.id, 'thumbnail');
    // The status is the endpoint's (302); Nest sends it with this header and no body.
    void reply.header('Cache-Control', 'private, no-store').header('Location', url);
  }
}

/**
 * Streams the stored bytes with headers that keep a browser from treating them as anything but
 * what was detected: no sniffing, a sandbox for anything opened as a page, and a download
 * (never inline) for every type that could carry script, HTML and SVG included.
 */
function serve({ file, stored, variant }: Download, reply: FastifyReply): StreamableFile {
  const contentType = variant === 'original' ? file.contentType : 'image/webp';
  const name = variant === 'original' ? file.name : `${file.name.replace(/\.[^.]*$/, '')}-${variant}.webp`;
  const disposition = isInlineType(contentType) ? 'inline' : 'attachment';
  void reply.header('X-Content-Type-Options', 'nosniff');
  void reply.header(
    'Content-Security-Policy',
    "sandbox; default-src 'none'; img-src 'self'; media-src 'self'",
  );
  void reply.header('Cross-Origin-Resource-Policy', 'same-origin');
  return new StreamableFile(stored.stream, {
    type: contentType,
    length: stored.size,
    disposition: contentDisposition(disposition, name),
  });
}

/** RFC 6266: an ASCII fallback name for old clients and the exact UTF-8 name in `filename*`. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
