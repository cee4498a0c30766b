import { ApiError, ClientErrorCode } from './api-error';

type ClientResult<T> = { data?: T; error?: unknown; response: Response };

/** The part of a zod schema this module needs; the schemas themselves come from @beseda/protocol. */
interface ResponseSchema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * Awaits an `apiClient` call and returns its body checked against the shared protocol schema,
 * or throws an `ApiError`. Every data-layer function funnels through here, so components only
 * ever see one error type.
 */
export async function requestData<T>(
  call: Promise<ClientResult<unknown>>,
  schema: ResponseSchema<T>,
): Promise<T> {
  let result: ClientResult<unknown>;
  try {
    result = await call;
  } catch (error) {
    // A cancelled request is not a failure to report: let the caller's abort handling see it.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      code: ClientErrorCode.networkUnreachable,
      message: error instanceof Error ? error.message : String(error),
      status: 0,
    });
  }

  const { data, error, response } = result;
  if (!response.ok || error !== undefined) throw ApiError.fromResponse(response, error);

  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new ApiError({
      code: ClientErrorCode.invalidResponse,
      message: parsed.error.issues
        .map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`)
        .join('; '),
      status: response.status,
    });
  }
  return parsed.data;
}

/** Awaits an `apiClient` call whose success has no body worth reading (202, 204), or throws an `ApiError`. */
export async function requestOk(call: Promise<ClientResult<unknown>>): Promise<void> {
  await requestData(call, { safeParse: () => ({ success: true, data: undefined }) });
}
