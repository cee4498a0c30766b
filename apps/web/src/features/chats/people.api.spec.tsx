import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import { type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildTokenPair } from '../../test/factories';
import { usePerson } from './people.api';
import { buildPerson } from './testing/chat-factories';

describe('usePerson', () => {
  it('fetches the people shown together in one request, and reports the unknown ones as not found', async () => {
    signIn(buildTokenPair());
    const anna = buildPerson({ displayName: 'Anna' });
    const boris = buildPerson({ displayName: 'Boris' });
    const unknown = crypto.randomUUID();
    const api = mockApi({
      'GET /api/v1/users': (request) => {
        const ids = new URL(request.url).searchParams.get('ids')!.split(',');
        return { status: 200, body: { items: [anna, boris].filter((p) => ids.includes(p.id)) } };
      },
    });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const { result } = renderHook(
      () => [usePerson(anna.id), usePerson(boris.id), usePerson(unknown), usePerson(anna.id)],
      { wrapper },
    );
    await waitFor(() => expect(result.current.every((query) => !query.isPending)).toBe(true));
    expect(result.current.map((query) => query.data?.displayName)).toEqual([
      'Anna',
      'Boris',
      undefined,
      'Anna',
    ]);
    expect(result.current[2]!.error).toMatchObject({ code: 'user.not_found', status: 404 });
    const requests = api.requestsTo('GET /api/v1/users');
    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]!.url).searchParams.get('ids')!.split(',').sort()).toEqual(
      [anna.id, boris.id, unknown].sort(),
    );
  });
});
