import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ErrorResponseSchema } from '@beseda/protocol';
import { z } from 'zod';
import { ENDPOINT_METADATA, type EndpointSpec } from '../common/http/endpoint.decorator.js';

type JsonSchema = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  serverUrl: string;
}

const httpMethods: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.HEAD]: 'head',
  [RequestMethod.OPTIONS]: 'options',
};

/**
 * Builds the OpenAPI 3.1 document from the controllers' routes and their @Endpoint schemas.
 * A route without @Endpoint is an error at start-up: every endpoint must be documented.
 */
export class OpenApiBuilder {
  private readonly paths: Record<string, Record<string, unknown>> = {};
  private readonly schemas: Record<string, JsonSchema> = {};

  constructor(private readonly info: OpenApiInfo) {}

  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest reports controllers as Function
  addController(controller: Function): this {
    const prototype = controller.prototype as Record<string, unknown>;
    const basePath = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const spec = Reflect.getMetadata(ENDPOINT_METADATA, handler) as EndpointSpec | undefined;
      if (!spec) throw new Error(`${controller.name}.${name} is a route without an @Endpoint declaration`);
      const verb = httpMethods[method];
      if (!verb) throw new Error(`${controller.name}.${name} uses a method OpenAPI cannot describe`);
      const routePaths = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat();
      for (const routePath of routePaths) {
        const fullPath = toOpenApiPath(basePath, routePath);
        (this.paths[fullPath] ??= {})[verb] = this.operation(`${controller.name}.${name}`, fullPath, spec);
      }
    }
    return this;
  }

  build() {
    return {
      openapi: '3.1.0',
      info: { title: this.info.title, version: this.info.version, description: this.info.description },
      servers: [{ url: this.info.serverUrl }],
      paths: Object.fromEntries(Object.entries(this.paths).sort(([a], [b]) => a.localeCompare(b))),
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'Access token from /api/v1/auth/login or /api/v1/auth/refresh',
          },
        },
        schemas: Object.fromEntries(Object.entries(this.schemas).sort(([a], [b]) => a.localeCompare(b))),
      },
    };
  }

  private operation(operationId: string, path: string, spec: EndpointSpec) {
    const parameters = [
      ...this.parameters('path', spec.params, pathParameterNames(path)),
      ...this.parameters('query', spec.query),
    ];
    const status = String(spec.status ?? 200);
    const success = spec.response
      ? {
          description: 'Success',
          content: {
            [spec.responseContentType ?? 'application/json']: {
              schema: this.schema(spec.response, 'output'),
            },
          },
        }
      : { description: 'Success, no content' };
    const errorContent = { 'application/json': { schema: this.schema(ErrorResponseSchema, 'output') } };
    const errors: Record<string, unknown> = {};
    if (spec.body || spec.query || spec.params) {
      errors['400'] = {
        description: 'validation.failed: the input does not match the schema',
        content: errorContent,
      };
    }
    if (!spec.public) {
      errors['401'] = { description: 'auth.unauthenticated: no valid access token', content: errorContent };
    }
    if (spec.permissions?.length) {
      errors['403'] = {
        description: `auth.forbidden: needs ${spec.permissions.join(', ')}`,
        content: errorContent,
      };
    }
    for (const [code, description] of Object.entries(spec.errors ?? {})) {
      errors[code] = { description, content: errorContent };
    }
    return {
      operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags,
      ...(spec.public ? {} : { security: [{ bearer: [] }] }),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.upload ? { requestBody: uploadBody(spec.upload) } : {}),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: this.schema(spec.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [status]: success,
        ...errors,
        default: { description: 'Error, in the shared error envelope', content: errorContent },
      },
    };
  }

  private parameters(where: 'path' | 'query', schema: z.ZodType | undefined, names: string[] = []) {
    const json = schema ? this.schema(schema, 'input') : { properties: {}, required: [] };
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    const all = new Set([...names, ...Object.keys(properties)]);
    return [...all].map((name) => ({
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: properties[name] ?? { type: 'string' },
      ...(properties[name]?.description ? { description: properties[name].description } : {}),
    }));
  }

  /** Converts a zod schema, moving named (`.meta({ id })`) sub-schemas into components. */
  private schema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as JsonSchema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    delete json.$schema;
    // Named sub-schemas refer to each other too, so every $ref is rewritten, theirs included.
    const renamed: Record<string, string> = {};
    for (const [id, def] of Object.entries(defs)) renamed[id] = this.componentName(id, def, io);
    for (const [id, def] of Object.entries(defs)) {
      this.schemas[renamed[id]!] = rewriteRefs(def, renamed) as JsonSchema;
    }
    return rewriteRefs(json, renamed) as JsonSchema;
  }

  private componentName(id: string, def: JsonSchema, io: 'input' | 'output'): string {
    const existing = this.schemas[id];
    if (!existing || JSON.stringify(existing) === JSON.stringify(rewriteRefs(def, {}))) return id;
    // Input and output forms of one schema can differ (defaults, transforms): keep both.
    return `${id}${io === 'input' ? 'Input' : 'Output'}`;
  }
}

function uploadBody({ field, maxBytes, description }: NonNullable<EndpointSpec['upload']>) {
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          properties: {
            [field]: {
              type: 'string',
              format: 'binary',
              description: maxBytes === undefined ? description : `${description} At most ${maxBytes} bytes.`,
            },
          },
          required: [field],
        },
      },
    },
  };
}

function rewriteRefs(value: unknown, renamed: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, renamed));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
          const id = inner.slice('#/$defs/'.length);
          return [key, `#/components/schemas/${renamed[id] ?? id}`];
        }
        return [key, rewriteRefs(inner, renamed)];
      }),
    );
  }
  return value;
}

function toOpenApiPath(base: string, route: string): string {
  const joined = `/${[base, route]
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
  return joined.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
}
