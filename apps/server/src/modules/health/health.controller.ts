import { Controller, Get, Res } from '@nestjs/common';
import { ReadinessSchema } from '@beseda/protocol';
import { type FastifyReply } from 'fastify';
import { z } from 'zod';
import { Endpoint } from '../../common/http/endpoint.decorator.js';
import { HealthService } from './health.service.js';

const LivenessSchema = z.object({ status: z.literal('ok') });

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @Endpoint({
    public: true,
    summary: 'The process is up and serving HTTP',
    tags: ['health'],
    response: LivenessSchema,
  })
  live() {
    return { status: 'ok' as const };
  }

  @Get('ready')
  @Endpoint({
    public: true,
    summary: 'The node can serve traffic: every dependency answered',
    description: 'Answers 503 with the failing dependency named when one does not answer.',
    tags: ['health'],
    response: ReadinessSchema,
    errors: { 503: 'A dependency did not answer; the body is the same readiness report' },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const readiness = await this.health.readiness();
    if (readiness.status !== 'ok') reply.status(503);
    return readiness;
  }
}
