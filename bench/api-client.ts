import type { Role } from '../config/settings';

export type Keys = Record<Role, string>;

/** The API as a client sees it (CONTRACT §5): JSON in and out, a bearer key per role, the time each call took. */
export function apiClient(base: string, keys: Keys) {
  async function call<T = unknown>(method: string, path: string, body?: unknown, role: Role = 'booking_ui'): Promise<{ status: number; body: T; ms: number }> {
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[role]}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: json as T, ms };
  }
  /** Like `call`, but a non-2xx answer throws with its body. */
  async function ok<T = unknown>(method: string, path: string, body?: unknown, role: Role = 'booking_ui') {
    const r = await call<T>(method, path, body, role);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    return r;
  }
  return { base, call, ok };
}
export type ApiClient = ReturnType<typeof apiClient>;

/** `API_KEYS`-style `role:key` pairs into one key per role. */
export function parseKeys(raw: string): Keys {
  const keys: Partial<Keys> = {};
  for (const pair of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf(':');
    keys[pair.slice(0, at) as Role] = pair.slice(at + 1);
  }
  for (const role of ['booking_ui', 'agent', 'manager'] as const) if (!keys[role]) throw new Error(`no ${role} key in the keys given`);
  return keys as Keys;
}
