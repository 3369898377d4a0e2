// The codec endpoint for the Temporal Web UI and the CLI (Temporal's remote codec protocol): POST /codec/encode and
// /codec/decode take `{payloads: [{metadata: {k: base64}, data: base64}]}` and answer the same shape. Only the Web
// UI's origin (TEMPORAL_UI_URL) may call it from a browser (CORS), and only engineers may use it: an agent or
// manager key as `Authorization: Bearer <key>` (the CLI's `--codec-auth`), or the console session cookie of an agent
// or manager (the Web UI with "include cross-origin credentials"). Everyone else gets 401/403 and no payload.
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, CodecError } from '../../codec/payload-codec';
import { atLeast, bearerKey, roleOfKey } from '../auth';
import { createConsoleAuth, parseCookies } from '../console/session';
import { ApiError, toApiError } from '../errors';
import { parse } from '../schemas';
import type { RouteDeps } from './deps';

const base64 = z.string().max(4_000_000).regex(/^[A-Za-z0-9+/=_-]*$/, 'base64');
const codecBody = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string().max(256), base64).optional(), data: base64.optional() }))
    .max(1000)
    // Protobuf JSON leaves an empty list out: `{}` is no payloads.
    .default([]),
});
type JsonPayload = z.infer<typeof codecBody>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export function codecRouter(deps: RouteDeps): Router {
  const r = Router();
  const codec = new AesGcmPayloadCodec(deps.settings.payloadKeys);
  const uiOrigin = new URL(deps.settings.temporalUiUrl).origin;
  const consoleAuth = createConsoleAuth(deps);

  // CORS for the Web UI's origin only; a browser on any other origin is refused before anything is decoded.
  r.use((req: Request, res: Response, next: NextFunction) => {
    res.set('cache-control', 'no-store');
    res.vary('Origin');
    const origin = req.get('origin');
    if (origin !== undefined && origin !== uiOrigin) return next(new ApiError('FORBIDDEN', 'This origin may not use the codec endpoint'));
    if (origin) {
      res.set('access-control-allow-origin', uiOrigin);
      res.set('access-control-allow-credentials', 'true');
    }
    if (req.method === 'OPTIONS') {
      res.set('access-control-allow-methods', 'POST, OPTIONS');
      res.set('access-control-allow-headers', 'authorization, content-type, x-namespace');
      res.set('access-control-max-age', '600');
      res.status(204).end();
      return;
    }
    next();
  });

  /** An agent or manager: by key, or by a console session. */
  const engineersOnly = async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const key = bearerKey(req.get('authorization'));
      const role = key ? roleOfKey(deps.settings, key) : (await consoleAuth.current(parseCookies(req.headers.cookie)))?.role;
      if (!role) return next(new ApiError('UNAUTHENTICATED', 'An agent or manager key, or a console session, is required'));
      if (!atLeast(role, 'agent')) return next(new ApiError('FORBIDDEN', 'The codec endpoint needs the agent or manager role'));
      next();
    } catch (err) {
      next(err);
    }
  };

  const json = express.json({ limit: '8mb', type: () => true });
  for (const op of ['encode', 'decode'] as const) {
    r.post(`/${op}`, engineersOnly, json, async (req: Request, res: Response) => {
      const { payloads } = parse(codecBody, req.body);
      try {
        const out = await codec[op](payloads.map(fromJson));
        res.json({ payloads: out.map(toJson) });
      } catch (err) {
        if (err instanceof CodecError || (err as Error).message?.includes('auth')) {
          throw new ApiError('VALIDATION_FAILED', 'A payload could not be decoded with the configured keys', { fields: [{ path: 'payloads', message: 'undecodable' }] });
        }
        throw err;
      }
    });
  }
  r.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = toApiError(err);
    res.status(e.status).json(e.body());
  });
  return r;
}
