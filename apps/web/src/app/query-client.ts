import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/api-error';

/** Server state cache. A 4xx answer will not change on retry; a network blip or a 5xx may. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failureCount, error) =>
          failureCount < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
    },
  });
}
