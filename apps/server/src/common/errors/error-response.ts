import { ErrorCode, type ErrorResponse } from '@beseda/protocol';
import { HttpException } from '@nestjs/common';
import { ZodError } from 'zod';
import { AppError, zodIssuesToDetails } from './app-error.js';

export interface RenderedError {
  status: number;
  body: ErrorResponse;
  headers: Record<string, string>;
  /** True when the error is the server's fault and must be logged with its stack. */
  unexpected: boolean;
}

/** Fastify's own error codes for requests it rejects before any handler runs. */
const fastifyErrors: Record<string, { code: string; status: number; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: ErrorCode.malformedJson,
    status: 400,
    message: 'The request body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: ErrorCode.malformedJson,
    status: 400,
    message: 'The request says it carries JSON but the body is empty',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: ErrorCode.payloadTooLarge,
    status: 413,
    message: 'The request body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: ErrorCode.unsupportedMediaType,
    status: 415,
    message: 'This Content-Type is not accepted here',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: ErrorCode.validationFailed,
    status: 400,
    message: 'The Content-Length header does not match the body',
  },
  FST_ERR_CTP_INVALID_TYPE: {
    code: ErrorCode.unsupportedMediaType,
    status: 415,
    message: 'The Content-Type header is invalid',
  },
  // @fastify/multipart's, raised while an upload endpoint reads its parts.
  FST_REQ_FILE_TOO_LARGE: {
    code: ErrorCode.payloadTooLarge,
    status: 413,
    message: 'The uploaded file is too large',
  },
  FST_FILES_LIMIT: {
    code: ErrorCode.payloadTooLarge,
    status: 413,
    message: 'The request carries more files than this endpoint takes',
  },
  FST_PARTS_LIMIT: {
    code: ErrorCode.payloadTooLarge,
    status: 413,
    message: 'The request carries too many form parts',
  },
  FST_FIELDS_LIMIT: {
    code: ErrorCode.payloadTooLarge,
    status: 413,
    message: 'The request carries too many form fields',
  },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    code: ErrorCode.unsupportedMediaType,
    status: 415,
    message: 'This endpoint takes multipart/form-data',
  },
  FST_PROTO_VIOLATION: {
    code: ErrorCode.validationFailed,
    status: 400,
    message: 'A form field name is not allowed',
  },
  FST_INVALID_JSON_FIELD_ERROR: {
    code: ErrorCode.malformedJson,
    status: 400,
    message: 'A form field declared as JSON is not valid JSON',
  },
  FST_MP_PREMATURE_CLOSE: {
    code: ErrorCode.validationFailed,
    status: 400,
    message: 'The upload ended before the form was complete',
  },
};

function isFastifyError(error: unknown): error is { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('FST_');
}

function body(code: string, message: string, requestId: string, details?: ErrorResponse['error']['details']) {
  return { error: { code, message, ...(details?.length ? { details } : {}), requestId } };
}

/**
 * Maps anything thrown while serving a request to the shared error envelope. Unknown errors
 * become a 500 with a generic message: the stack goes to the log, never to the client.
 */
export function renderError(error: unknown, requestId: string): RenderedError {
  // Nest wraps errors Fastify raises before a route runs (bad JSON, body too large) in an
  // HttpException; the original carries the precise code.
  if (error instanceof HttpException && isFastifyError(error.cause)) error = error.cause;
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: body(error.code, error.message, requestId, error.details),
      headers: error.headers ?? {},
      unexpected: false,
    };
  }
  if (error instanceof ZodError) {
    return {
      status: 400,
      body: body(ErrorCode.validationFailed, 'The request is invalid', requestId, zodIssuesToDetails(error)),
      headers: {},
      unexpected: false,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code =
      status === 404
        ? ErrorCode.routeNotFound
        : status === 405
          ? ErrorCode.methodNotAllowed
          : status === 413
            ? ErrorCode.payloadTooLarge
            : status === 429
              ? ErrorCode.rateLimited
              : status >= 500
                ? ErrorCode.internal
                : ErrorCode.validationFailed;
    const message =
      status === 404 ? 'No such endpoint' : status >= 500 ? 'Internal server error' : error.message;
    return { status, body: body(code, message, requestId), headers: {}, unexpected: status >= 500 };
  }
  const fastifyCode = (error as { code?: unknown } | null)?.code;
  if (typeof fastifyCode === 'string' && fastifyErrors[fastifyCode]) {
    const known = fastifyErrors[fastifyCode];
    return {
      status: known.status,
      body: body(known.code, known.message, requestId),
      headers: {},
      unexpected: false,
    };
  }
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    // A client error raised by Fastify or a plugin that has no mapping above: keep the status,
    // use a generic code rather than leaking the plugin's internal wording.
    const code = statusCode === 413 ? ErrorCode.payloadTooLarge : ErrorCode.validationFailed;
    return {
      status: statusCode,
      body: body(code, 'The request could not be processed', requestId),
      headers: {},
      unexpected: false,
    };
  }
  return {
    status: 500,
    body: body(ErrorCode.internal, 'Internal server error', requestId),
    headers: {},
    unexpected: true,
  };
}
