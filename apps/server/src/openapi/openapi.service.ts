import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { type Config } from '../config/config.js';
import { CONFIG } from '../config/config.module.js';
import { serverVersion } from '../version.js';
import { OpenApiBuilder } from './openapi.builder.js';

type OpenApiDocument = ReturnType<OpenApiBuilder['build']>;

@Injectable()
export class OpenApiService {
  private document: OpenApiDocument | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Built once, on first use: the routes do not change while the process runs. */
  get(): OpenApiDocument {
    this.document ??= this.build();
    return this.document;
  }

  build(): OpenApiDocument {
    const builder = new OpenApiBuilder({
      title: 'Beseda API',
      version: serverVersion,
      description:
        'REST API of Beseda. Every error answers with the envelope `{"error":{"code","message","details","requestId"}}`; branch on `code`, which is stable.',
      serverUrl: this.config.publicUrl,
    });
    const controllers = this.discovery
      .getControllers()
      .map((wrapper) => wrapper.metatype)
      .filter((metatype): metatype is NonNullable<typeof metatype> => Boolean(metatype))
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const controller of controllers) builder.addController(controller);
    return builder.build();
  }
}
