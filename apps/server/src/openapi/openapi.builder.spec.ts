import { Controller, Get, Post, Put } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { OpenApiBuilder } from './openapi.builder.js';

const info = { title: 'Test', version: '1', description: 'd', serverUrl: 'http://localhost' };

const Thing = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'Thing' });

@Controller('api/v1/things')
class ThingsController {
  @Get(':thingId')
  @Endpoint({
    summary: 'Get a thing',
    tags: ['things'],
    params: z.object({ thingId: z.uuid() }),
    query: z.object({ expand: z.enum(['owner']).optional() }),
    response: Thing,
    errors: { 404: 'thing.not_found' },
  })
  get() {}

  @Post()
  @Endpoint({
    summary: 'Create a thing',
    tags: ['things'],
    body: z.strictObject({ name: z.string() }),
    response: Thing,
    status: 201,
  })
  create() {}

  @Put(':thingId/picture')
  @Endpoint({
    summary: 'Upload a picture of a thing',
    tags: ['things'],
    upload: { field: 'file', maxBytes: 1024, description: 'A PNG image.' },
    response: Thing,
  })
  upload() {}
}

@Controller('api/v1/undocumented')
class UndocumentedController {
  @Get()
  list() {}
}

describe('OpenApiBuilder', () => {
  it('describes paths, parameters, bodies and named schemas from the @Endpoint declarations', () => {
    const document = new OpenApiBuilder(info).addController(ThingsController).build();
    expect(document.openapi).toBe('3.1.0');
    const errorBody = {
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
    };
    expect(document.paths['/api/v1/things/{thingId}']?.get).toMatchObject({
      operationId: 'ThingsController.get',
      parameters: [
        { name: 'thingId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        { name: 'expand', in: 'query', required: false, schema: { enum: ['owner'] } },
      ],
      responses: {
        200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
        400: errorBody,
        404: errorBody,
        default: errorBody,
      },
    });
    expect(document.paths['/api/v1/things']?.post).toMatchObject({
      requestBody: {
        content: {
          'application/json': { schema: { type: 'object', additionalProperties: false, required: ['name'] } },
        },
      },
      responses: { 201: { description: 'Success' } },
    });
    expect(Object.keys(document.components.schemas)).toEqual(['ErrorDetail', 'ErrorResponse', 'Thing']);
    // Every reference, including those inside named schemas, resolves within the document.
    expect(JSON.stringify(document)).not.toContain('#/$defs/');
    expect(document.components.schemas.ErrorResponse).toMatchObject({
      properties: {
        error: { properties: { details: { items: { $ref: '#/components/schemas/ErrorDetail' } } } },
      },
    });
  });

  it('describes an upload as a multipart form with one binary field', () => {
    const document = new OpenApiBuilder(info).addController(ThingsController).build();
    expect(document.paths['/api/v1/things/{thingId}/picture']?.put).toMatchObject({
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: {
                file: { type: 'string', format: 'binary', description: 'A PNG image. At most 1024 bytes.' },
              },
              required: ['file'],
            },
          },
        },
      },
    });
  });

  it('refuses a route that has no @Endpoint declaration', () => {
    expect(() => new OpenApiBuilder(info).addController(UndocumentedController)).toThrow(
      /UndocumentedController\.list is a route without an @Endpoint declaration/,
    );
  });
});
