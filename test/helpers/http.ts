import { createApiClient } from '../../client';

/** The test API keys (TEST_ENV's API_KEYS), by role. */
export const KEYS = { booking_ui: 'ui-key-test-0000000000000000', agent: 'agent-key-test-00000000000000', manager: 'manager-key-test-000000000000' } as const;

/** One request to the API at `base` with the role's key (none for null); the body parsed as JSON where it is. */
export async function apiCall(base: string, method: string, path: string, body?: unknown, role: keyof typeof KEYS | null = 'manager', headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(role ? { authorization: `Bearer ${KEYS[role]}` } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await res.text();
  let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers };
}

/** The typed client (generated from /openapi.json) for the API at `base`, with the role's key (none for null). */
export const apiClient = (base: string, role: keyof typeof KEYS | null = 'manager') => createApiClient(base, role ? KEYS[role] : undefined);
