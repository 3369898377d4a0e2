// The typed client of the API: openapi-fetch over the types generated from GET /openapi.json (client/api-types.ts,
// `npm run gen:client`). A change of the API that the document shows breaks every caller at compile time.
import createClient from 'openapi-fetch';
import type { paths } from './api-types';

export type { components, paths } from './api-types';

/** A client for the API at `baseUrl`, sending `Authorization: Bearer <key>` when a key is given. */
export function createApiClient(baseUrl: string, key?: string) {
  return createClient<paths>({ baseUrl, headers: key ? { authorization: `Bearer ${key}` } : {} });
}

export type ApiClient = ReturnType<typeof createApiClient>;
