import { ErrorCode, type ErrorDetail } from '@beseda/protocol';
import { type ZodError } from 'zod';

/**
 * The one error type services throw. `code` is the stable machine code clients branch on; the
 * message is for people. The exception filter renders it as the shared error envelope.
 */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  static validation(error: ZodError, where: 'body' | 'query' | 'params'): AppError {
    return new AppError(
      ErrorCode.validationFailed,
      400,
      `The request ${where === 'body' ? 'body' : where === 'query' ? 'query string' : 'path'} is invalid`,
      zodIssuesToDetails(error, where),
    );
  }

  static notFound(code: string, message: string): AppError {
    return new AppError(code, 404, message);
  }
}

export function zodIssuesToDetails(error: ZodError, prefix?: string): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    // One detail per unknown key, so a client can point at the exact field it must drop.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [base, key].filter(Boolean).join('.'),
        code: 'unrecognized_key',
        message: `Unknown field "${key}"`,
      }));
    }
    return [{ path: base, code: issue.code, message: issue.message }];
  });
}
