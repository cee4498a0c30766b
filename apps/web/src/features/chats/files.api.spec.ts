import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { isApiError } from '../../api/api-error';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildTokenPair } from '../../test/factories';
import { uploadFile } from './files.api';
import { buildFile } from './testing/chat-factories';
import { fakeUploads, localFile } from './testing/fake-upload';

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

describe('uploading a file', () => {
  it('renews an access token the server no longer takes and uploads again with the new one', async () => {
    signIn(buildTokenPair({ accessToken: 'stale-token' }));
    const api = mockApi({
      'POST /api/v1/auth/refresh': { status: 200, body: buildTokenPair({ accessToken: 'fresh-token' }) },
    });
    const uploads = fakeUploads();
    const stored = buildFile({ name: 'a.txt' });
    const progress: number[] = [];

    const done = uploadFile(localFile('a.txt', 'text/plain'), {
      onProgress: (value) => progress.push(value),
    });
    await settle();
    uploads[0]!.progress(50, 100);
    uploads[0]!.respond(401, { error: { code: 'auth.unauthenticated', message: 'Expired', details: [] } });
    await expect.poll(() => uploads).toHaveLength(2);
    uploads[1]!.respond(201, stored);

    await expect(done).resolves.toEqual(stored);
    expect(uploads.map((request) => request.headers.Authorization)).toEqual([
      'Bearer stale-token',
      'Bearer fresh-token',
    ]);
    expect(api.requestsTo('POST /api/v1/auth/refresh')).toHaveLength(1);
    // The bar starts over for the second try.
    expect(progress).toEqual([0.5, 0]);
  });

  it('rejects with the server’s error code and an AbortError once cancelled', async () => {
    signIn(buildTokenPair());
    const uploads = fakeUploads();

    const refused = uploadFile(localFile('x.exe', 'application/octet-stream'));
    await settle();
    uploads[0]!.respond(415, { error: { code: 'file.type_not_allowed', message: 'No', details: [] } });
    const error: unknown = await refused.catch((reason: unknown) => reason);
    expect(isApiError(error) && error.code).toBe('file.type_not_allowed');
    expect(isApiError(error) && error.status).toBe(415);

    const controller = new AbortController();
    const cancelled = uploadFile(localFile('y.bin', 'application/octet-stream'), {
      signal: controller.signal,
    });
    await settle();
    act(() => controller.abort());
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(uploads[1]!.aborted).toBe(true);
  });
});
