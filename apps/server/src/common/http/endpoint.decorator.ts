import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  SetMetadata,
} from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { type z } from 'zod';
import { AppError } from '../errors/app-error.js';

export const ENDPOINT_METADATA = 'beseda:endpoint';

/**
 * What an endpoint accepts and returns, as zod schemas. The same declaration validates requests
 * (through the Valid* parameter decorators) and produces the OpenAPI document, so the document
 * cannot drift from what the server enforces.
 */
export interface EndpointSpec {
  summary: string;
  description?: string;
  tags: string[];
  body?: z.ZodType;
  /**
   * A multipart/form-data upload of one file, read with @UploadedFile(); instead of `body`.
   * `maxBytes` caps the file: a larger one is refused with 413 while it streams in. Without it
   * the endpoint reads the stream itself and enforces a limit from the configuration.
   */
  upload?: { field: string; maxBytes?: number; description: string };
  query?: z.ZodType;
  params?: z.ZodType;
  /** Schema of the success body; omit for 204. */
  response?: z.ZodType;
  /** Success status; 200 unless set. */
  status?: number;
  /** Media type of the success body when it is not JSON (e.g. text/plain). */
  responseContentType?: string;
  /** Error codes this endpoint can answer with, by HTTP status, for the document. */
  errors?: Record<number, string>;
  /**
   * Open to callers without an access token. Everything else requires one: the auth guard
   * denies by default.
   */
  public?: boolean;
  /**
   * With `public`: a bearer token, when one is sent, is still checked and names the caller
   * (@OptionalPrincipal), for endpoints that take either a token or another proof such as a
   * signed link. A bad token is refused as anywhere else, never ignored.
   */
  optionalAuth?: boolean;
  /** Named permissions the caller's system role must all have (403 auth.forbidden otherwise). */
  permissions?: string[];
}

export function Endpoint(spec: EndpointSpec): MethodDecorator {
  return applyDecorators(SetMetadata(ENDPOINT_METADATA, spec), HttpCode(spec.status ?? 200));
}

export function endpointSpec(ctx: ExecutionContext): EndpointSpec {
  const spec = Reflect.getMetadata(ENDPOINT_METADATA, ctx.getHandler()) as EndpointSpec | undefined;
  if (!spec) throw new Error(`${ctx.getClass().name}.${ctx.getHandler().name} has no @Endpoint declaration`);
  return spec;
}

function validated(part: 'body' | 'query' | 'params') {
  return createParamDecorator((_: unknown, ctx: ExecutionContext) => {
    const schema = endpointSpec(ctx)[part];
    if (!schema) {
      const { name } = ctx.getHandler();
      throw new Error(
        `@Valid${part[0]!.toUpperCase()}${part.slice(1)}() on ${name} needs a "${part}" schema`,
      );
    }
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    const result = schema.safeParse(request[part]);
    if (!result.success) throw AppError.validation(result.error, part);
    return result.data;
  })();
}

/** The request body, parsed with the endpoint's `body` schema (400 validation.failed otherwise). */
export const ValidBody = () => validated('body');
/** The query string, parsed with the endpoint's `query` schema. */
export const ValidQuery = () => validated('query');
/** The path parameters, parsed with the endpoint's `params` schema. */
export const ValidParams = () => validated('params');
