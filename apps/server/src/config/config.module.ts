import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type Config } from './config.js';

/** Injection token for the parsed configuration (an interface has no runtime class to inject by). */
export const CONFIG = Symbol('CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] };
  }
}
