import { ErrorResponseSchema, type ErrorDetail } from '@beseda/protocol';

/** Codes the client assigns itself when the server's error envelope is not available. */
export const ClientErrorCode = {
  /** The request never got an HTTP answer (offline, DNS, server down, proxy refused). */
  networkUnreachable: 'client.network_unreachable',
  /** An HTTP error whose body is not the server's envelope, e.g. a proxy's HTML page. */
  unexpectedResponse: 'client.unexpected_response',
  /** A success answer whose body does not match the shared schema: client and server disagree. */
  invalidResponse: 'client.invalid_response',
} as const;

interface ApiErrorInit {
  code: string;
  message: string;
  status: number;
  details?: ErrorDetail[] | undefined;
  requestId?: string | undefined;
  retryAfterSeconds?: number | undefined;
}

/** A failed API call, carrying the server's stable error code so callers can branch on it. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  /** HTTP status; 0 when no answer arrived. */
  readonly status: number;
  readonly details: ErrorDetail[];
  readonly requestId: string | undefined;
  /** From the Retry-After header of a 429: how long to wait before trying again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.code = init.code;
    this.status = init.status;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** Reads the server's `{ error: { code, message, details, requestId } }` envelope from an error answer. */
  static fromResponse(response: Response, body: unknown): ApiError {
    const envelope = ErrorResponseSchema.safeParse(body);
    if (envelope.success) {
      return new ApiError({
        ...envelope.data.error,
        status: response.status,
        retryAfterSeconds: retryAfterOf(response),
      });
    }
    return new ApiError({
      code: ClientErrorCode.unexpectedResponse,
      message: `HTTP ${response.status} ${response.statusText}`.trim(),
      status: response.status,
    });
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Retry-After in seconds; the server sends delta-seconds, never an HTTP date. */
function retryAfterOf(response: Response): number | undefined {
  const seconds = Number(response.headers.get('Retry-After') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}
