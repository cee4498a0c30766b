import { Controller, Delete, Get, Put, Req, Res, StreamableFile } from '@nestjs/common';
import { AvatarSizeSchema, MeSchema } from '@beseda/protocol';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Endpoint, ValidParams } from '../../common/http/endpoint.decorator.js';
import { requestContext } from '../../common/http/request-context.js';
import { type Upload, UploadedFile } from '../../common/http/upload.decorator.js';
import { CurrentPrincipal, type Principal } from '../auth/guard/principal.js';
import { AVATAR_MAX_BYTES, AVATAR_MAX_PIXELS } from './avatar-image.js';
import { AvatarsService } from './avatars.service.js';

const AvatarFileParamsSchema = z.strictObject({
  key: z.uuid().describe('The avatar key from avatarUrl'),
  size: AvatarSizeSchema,
});

@Controller('api/v1')
export class AvatarsController {
  constructor(private readonly avatars: AvatarsService) {}

  @Put('me/avatar')
  @Endpoint({
    summary: 'Set my profile picture',
    description:
      'The type is judged from the content, not the file name or declared type. The picture is ' +
      'turned upright as the camera recorded it, centre-cropped to a square and re-encoded as ' +
      `WebP without metadata. At most ${AVATAR_MAX_PIXELS / 1_000_000} megapixels.`,
    tags: ['me'],
    upload: { field: 'file', maxBytes: AVATAR_MAX_BYTES, description: 'A JPEG, PNG, WebP or GIF image.' },
    response: MeSchema,
    errors: {
      413: 'request.payload_too_large: the file is over the size limit',
      415: 'file.unsupported_type, or request.unsupported_media_type when the body is not multipart',
      422: 'file.image_too_large (too many pixels) or file.invalid_image',
      429: 'rate_limited (see Retry-After)',
    },
  })
  replace(
    @CurrentPrincipal() principal: Principal,
    @UploadedFile() upload: Upload,
    @Req() request: FastifyRequest,
  ) {
    return this.avatars.replace(principal, upload.data, requestContext(request));
  }

  @Delete('me/avatar')
  @Endpoint({ summary: 'Remove my profile picture', tags: ['me'], response: MeSchema })
  remove(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest) {
    return this.avatars.remove(principal, requestContext(request));
  }

  @Get('avatars/:key/:size')
  @Endpoint({
    // <img> cannot send a bearer token. The key is random and changes with every upload, so
    // the URL itself is the permission, as with the profile that names it.
    public: true,
    summary: 'A profile picture, as a square WebP image',
    description: 'Cacheable forever: a new picture gets a new key.',
    tags: ['users'],
    params: AvatarFileParamsSchema,
    response: z.string().meta({ format: 'binary' }),
    responseContentType: 'image/webp',
    errors: { 404: 'avatar.not_found' },
  })
  async file(
    @ValidParams() params: z.output<typeof AvatarFileParamsSchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const file = await this.avatars.open(params.key, params.size);
    // Set here, not with @Header, so that a 404 is never cached as immutable.
    void reply.header('Cache-Control', 'public, max-age=31536000, immutable');
    void reply.header('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(file.stream, { type: file.contentType, length: file.size });
  }
}
