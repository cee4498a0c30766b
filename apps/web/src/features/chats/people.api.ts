import { PublicUserSchema, UserListSchema } from '@beseda/protocol';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData } from '../../api/request';

export const peopleKeys = {
  person: (userId: string) => ['people', 'person', userId] as const,
  search: (query: string) => ['people', 'search', query] as const,
};

/**
 * Someone's public profile, for names and pictures beside messages and members. Messages carry
 * only the author's id, so each author is fetched once and kept for a while.
 */
export function usePerson(userId: string | null | undefined) {
  return useQuery({
    queryKey: peopleKeys.person(userId ?? ''),
    queryFn: ({ signal }) =>
      requestData(
        apiClient.GET('/api/v1/users/{id}', { params: { path: { id: userId ?? '' } }, signal }),
        PublicUserSchema,
      ),
    enabled: Boolean(userId),
    staleTime: 5 * 60_000,
  });
}

/** The people directory, by name or username. */
export function usePeopleSearch(query: string, enabled = true) {
  return useQuery({
    queryKey: peopleKeys.search(query),
    queryFn: ({ signal }) =>
      requestData(
        apiClient.GET('/api/v1/users', { params: { query: { q: query, limit: 20 } }, signal }),
        UserListSchema,
      ).then((list) => list.items),
    placeholderData: (previous) => previous,
    staleTime: 30_000,
    enabled,
  });
}
