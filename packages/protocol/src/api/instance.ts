import { z } from 'zod';

/** The installation this server belongs to: created once, on the first start against a database. */
export const InstanceSchema = z
  .object({
    id: z.uuid().describe('Installation id, stable across restarts and nodes'),
    name: z.string(),
    version: z.string().describe('Server software version'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Instance' });

export type Instance = z.infer<typeof InstanceSchema>;
