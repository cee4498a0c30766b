import { type Instance, InstanceSchema } from '@beseda/protocol';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData } from '../../api/request';

export const instanceQueryKey = ['instance'] as const;

export function fetchInstance(signal?: AbortSignal): Promise<Instance> {
  return requestData(apiClient.GET('/api/v1/instance', { signal }), InstanceSchema);
}

/** The installation's name and version; it rarely changes, so one fetch per session is enough. */
export function useInstance() {
  return useQuery({
    queryKey: instanceQueryKey,
    queryFn: ({ signal }) => fetchInstance(signal),
    staleTime: Infinity,
  });
}
