import { type PublicUserSchema, UserListSchema } from '@beseda/protocol';
import { useQuery } from '@tanstack/react-query';
import { type z } from 'zod';
import { ApiError } from '../../api/api-error';
import { apiClient } from '../../api/client';
import { requestData } from '../../api/request';

export const peopleKeys = {
  person: (userId: string) => ['people', 'person', userId] as const,
  search: (query: string) => ['people', 'search', query] as const,
};

type PublicUser = z.infer<typeof PublicUserSchema>;

/** The most ids one directory request may carry (the server's limit). */
const BATCH_LIMIT = 100;

/**
 * Collects the people asked for in the same moment (a list of messages renders many authors at
 * once) and fetches them with one request per hundred instead of one each.
 */
class PeopleBatcher {
  private pending = new Map<
    string,
    Array<{ resolve: (person: PublicUser) => void; reject: (error: unknown) => void }>
  >();
  private scheduled = false;

  load(userId: string): Promise<PublicUser> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(userId) ?? [];
      waiting.push({ resolve, reject });
      this.pending.set(userId, waiting);
      if (!this.scheduled) {
        this.scheduled = true;
        setTimeout(() => this.flush(), 0);
      }
    });
  }

  private flush() {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    const ids = [...batch.keys()];
    for (let start = 0; start < ids.length; start += BATCH_LIMIT) {
      const chunk = ids.slice(start, start + BATCH_LIMIT);
      requestData(
        apiClient.GET('/api/v1/users', { params: { query: { ids: chunk.join(',') } } }),
        UserListSchema,
      ).then(
        ({ items }) => {
          const byId = new Map(items.map((person) => [person.id, person]));
          for (const id of chunk) {
            const person = byId.get(id);
            for (const waiter of batch.get(id) ?? []) {
              if (person) waiter.resolve(person);
              else
                waiter.reject(new ApiError({ code: 'user.not_found', status: 404, message: 'No such user' }));
            }
          }
        },
        (error: unknown) => {
          for (const id of chunk) for (const waiter of batch.get(id) ?? []) waiter.reject(error);
        },
      );
    }
  }
}

const people = new PeopleBatcher();

/**
 * Someone's public profile, for names and pictures beside messages and members. Messages carry
 * only the author's id, so each author is fetched once (with the others on screen) and kept for
 * a while.
 */
export function usePerson(userId: string | null | undefined) {
  return useQuery({
    queryKey: peopleKeys.person(userId ?? ''),
    queryFn: () => people.load(userId ?? ''),
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
