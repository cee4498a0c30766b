import { Controller, Get, Header } from '@nestjs/common';
import { z } from 'zod';
import { Endpoint } from '../../common/http/endpoint.decorator.js';
import { MetricsService } from './metrics.service.js';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Endpoint({
    public: true,
    summary: 'Prometheus metrics of this node, in the text exposition format',
    tags: ['metrics'],
    response: z.string(),
    responseContentType: 'text/plain',
  })
  render(): Promise<string> {
    return this.metrics.render();
  }
}
