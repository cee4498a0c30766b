import createClient from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The one typed client for the Beseda REST API. Only data-layer modules (`*.api.ts`) import it;
 * components go through their hooks.
 */
export const apiClient = createClient<paths>({
  // Same origin as the page; absolute so that runtimes without a document base URL can build requests.
  baseUrl: globalThis.location?.origin ?? '',
  // Looked up on every call rather than captured once, so a replaced global fetch (tests) is honoured.
  fetch: (request) => globalThis.fetch(request),
});
