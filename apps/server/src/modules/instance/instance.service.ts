import { Injectable } from '@nestjs/common';
import { type Instance } from '@beseda/protocol';
import { serverVersion } from '../../version.js';
import { InstanceRepository, type InstanceRow } from './instance.repository.js';

const DEFAULT_NAME = 'Beseda';

@Injectable()
export class InstanceService {
  private cached: InstanceRow | undefined;

  constructor(private readonly instances: InstanceRepository) {}

  async describe(): Promise<Instance> {
    // The row never changes after creation, so one read per process is enough.
    this.cached ??= await this.instances.getOrCreate(DEFAULT_NAME);
    return toInstanceDto(this.cached);
  }
}

export function toInstanceDto(row: InstanceRow): Instance {
  return { id: row.id, name: row.name, version: serverVersion, createdAt: row.createdAt.toISOString() };
}
