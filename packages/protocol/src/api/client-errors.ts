import { z } from 'zod';

/**
 * An error the web client caught (uncaught exception, unhandled rejection, render failure),
 * reported so operators see client-side failures in the same logs as the server's.
 */
export const ClientErrorReportSchema = z
  .strictObject({
    message: z.string().trim().min(1).max(2000),
    stack: z.string().max(10_000).optional(),
    /** Page the error happened on; the server drops its query string before logging. */
    url: z.string().max(2000),
    kind: z.enum(['error', 'unhandledrejection', 'render']),
    release: z.string().max(100).optional(),
  })
  .meta({ id: 'ClientErrorReport' });

export type ClientErrorReport = z.infer<typeof ClientErrorReportSchema>;
