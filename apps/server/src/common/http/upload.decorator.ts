import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type MultipartFile } from '@fastify/multipart';
import { ErrorCode } from '@beseda/protocol';
import { type FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { endpointSpec } from './endpoint.decorator.js';

/** One uploaded file. Its name and declared type come from the client: never trust them. */
export interface Upload {
  data: Buffer;
  filename: string;
  declaredType: string;
}

/**
 * The file of the endpoint's `upload` declaration, read from the multipart stream. Only that
 * file is held in memory, and never more than `maxBytes` of it: the parser stops counting at the
 * cap and the request is refused with 413 (request.payload_too_large). Runs after the auth guard,
 * so nobody unauthenticated gets as far as sending bytes through the parser.
 */
export const UploadedFile = () =>
  createParamDecorator(async (_: unknown, ctx: ExecutionContext): Promise<Upload> => {
    const spec = endpointSpec(ctx).upload;
    if (spec?.maxBytes === undefined) {
      throw new Error(
        `@UploadedFile() on ${ctx.getHandler().name} needs an "upload" declaration with maxBytes`,
      );
    }
    return readUpload(ctx.switchToHttp().getRequest<FastifyRequest>(), { ...spec, maxBytes: spec.maxBytes });
  })();

export async function readUpload(
  request: FastifyRequest,
  { field, maxBytes }: { field: string; maxBytes: number },
): Promise<Upload> {
  let part: MultipartFile | undefined;
  try {
    part = await request.file({ limits: { fileSize: maxBytes } });
    if (part?.fieldname !== field) {
      // Read to the end so the connection stays usable for the client's next request.
      part?.file.resume();
      throw new AppError(ErrorCode.validationFailed, 400, `Send the file in the form field "${field}"`, [
        { path: `body.${field}`, code: 'required', message: 'A file is required' },
      ]);
    }
    return { data: await part.toBuffer(), filename: part.filename, declaredType: part.mimetype };
  } catch (error) {
    throw clientFault(error);
  }
}

/**
 * The multipart plugin's own errors carry FST_ codes that the error filter maps; busboy's parse
 * errors (no boundary, a malformed part header, a cut-off body) carry none but are the client's
 * fault all the same, not a 500.
 */
function clientFault(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('FST_')) return error;
  return new AppError(ErrorCode.validationFailed, 400, 'The multipart form is malformed');
}
