import { Controller, Get } from '@nestjs/common';
import { InstanceSchema } from '@beseda/protocol';
import { Endpoint } from '../../common/http/endpoint.decorator.js';
import { InstanceService } from './instance.service.js';

@Controller('api/v1/instance')
export class InstanceController {
  constructor(private readonly instances: InstanceService) {}

  @Get()
  @Endpoint({
    public: true,
    summary: 'This installation: its id, name and server version',
    tags: ['instance'],
    response: InstanceSchema,
  })
  get() {
    return this.instances.describe();
  }
}
