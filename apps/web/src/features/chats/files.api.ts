import { ErrorCode, FileSchema } from '@beseda/protocol';
import { ApiError, ClientErrorCode } from '../../api/api-error';
import { refreshSession } from '../../auth/session';
import { getSessionState } from '../../auth/session-store';
import { type FileAttachment } from './attachments';

const UPLOAD_PATH = '/api/v1/files';

export interface UploadOptions {
  /** From 0 to 1, as the bytes leave (not as the server stores them). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export type UploadFile = (file: File, options?: UploadOptions) => Promise<FileAttachment>;

interface Reply {
  status: number;
  statusText: string;
  body: unknown;
  retryAfter: string | null;
}

function abortError(): DOMException {
  return new DOMException('The upload was cancelled', 'AbortError');
}

function parseBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function errorCodeOf(body: unknown): unknown {
  return (body as { error?: { code?: unknown } } | undefined)?.error?.code;
}

/**
 * One request. XMLHttpRequest rather than the typed client: only it reports how much of the body
 * has gone out, and a file of many megabytes needs a progress bar.
 */
function post(file: File, accessToken: string | null, { onProgress, signal }: UploadOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const request = new XMLHttpRequest();
    const abort = () => request.abort();
    request.open('POST', `${globalThis.location?.origin ?? ''}${UPLOAD_PATH}`);
    if (accessToken) request.setRequestHeader('Authorization', `Bearer ${accessToken}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    const unreachable = () =>
      reject(
        new ApiError({
          code: ClientErrorCode.networkUnreachable,
          message: 'The upload got no answer',
          status: 0,
        }),
      );
    // Status 0 on load: the browser got no HTTP answer it may show (a dropped connection, CORS).
    request.onload = () =>
      request.status === 0
        ? unreachable()
        : resolve({
            status: request.status,
            statusText: request.statusText,
            body: parseBody(request.responseText),
            retryAfter: request.getResponseHeader('Retry-After'),
          });
    request.onerror = unreachable;
    request.onabort = () => reject(abortError());
    request.onloadend = () => signal?.removeEventListener('abort', abort);
    signal?.addEventListener('abort', abort, { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}

/**
 * Uploads one file, signed like every API call: the session is renewed first when its token has
 * expired, and once more (with one retry) when the server still answers 401. Rejects with an
 * `ApiError`, or an `AbortError` once `signal` aborts.
 */
export const uploadFile: UploadFile = async (file, options = {}) => {
  const { accessToken, expiresAt, status } = getSessionState();
  if (accessToken && Date.now() >= expiresAt) await refreshSession();
  const sentToken = getSessionState().accessToken;
  let reply = await post(file, sentToken, options);

  if (
    reply.status === 401 &&
    errorCodeOf(reply.body) === ErrorCode.unauthenticated &&
    status !== 'signedOut'
  ) {
    // Another call may have renewed the token meanwhile: the refresh token works only once.
    const current = getSessionState().accessToken;
    const renewed = (current !== null && current !== sentToken) || (await refreshSession()) === 'renewed';
    const token = getSessionState().accessToken;
    if (renewed && token) {
      options.onProgress?.(0);
      reply = await post(file, token, options);
    }
  }

  if (reply.status < 200 || reply.status >= 300) {
    const headers: Record<string, string> = reply.retryAfter ? { 'Retry-After': reply.retryAfter } : {};
    throw ApiError.fromResponse(
      new Response(null, { status: reply.status, statusText: reply.statusText, headers }),
      reply.body,
    );
  }
  const parsed = FileSchema.safeParse(reply.body);
  if (!parsed.success) {
    throw new ApiError({
      code: ClientErrorCode.invalidResponse,
      message: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      status: reply.status,
    });
  }
  return parsed.data;
};
