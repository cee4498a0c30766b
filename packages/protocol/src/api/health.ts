import { z } from 'zod';

export const HealthCheckStatusSchema = z.enum(['ok', 'error']);

/** Readiness: each dependency the node needs, and whether it answered. */
export const ReadinessSchema = z
  .object({
    status: HealthCheckStatusSchema,
    checks: z.record(
      z.string(),
      z.object({
        status: HealthCheckStatusSchema,
        error: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'Readiness' });

export type Readiness = z.infer<typeof ReadinessSchema>;
