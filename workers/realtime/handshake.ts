import type { IncomingHttpHeaders } from 'node:http';
import { verifyServiceToken } from '@/lib/auth/service-token';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { type Actor, resolveActor, tokenActor } from '@/lib/http';

/**
 * The browser origins that may open a realtime connection: APP_URL's and REALTIME_ALLOWED_ORIGINS.
 * A request without `Origin` is no browser's cross-site request (browsers always send it on a
 * WebSocket handshake and on cross-origin requests), so it passes: the seed's Python clients and
 * other services send none. `null` (sandboxed frames) and anything else are refused.
 */
export function isAllowedOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  const env = getEnv();
  return [new URL(env.APP_URL).origin, ...env.REALTIME_ALLOWED_ORIGINS].includes(origin);
}

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
  }
  return headers;
}

/**
 * Who opens a realtime connection, by the same rules as the HTTP API (lib/http.ts): an Auth
 * Service token in socket.io's `auth.token`, else an `Authorization: Bearer` header or the
 * `access_token` cookie, else the UI session cookie (a deactivated user is refused). Never from
 * the query string, which proxies and logs keep. Throws UNAUTHENTICATED.
 */
export async function identifyConnection(headers: IncomingHttpHeaders, authToken?: unknown): Promise<Actor> {
  if (authToken !== undefined && authToken !== null) {
    if (typeof authToken !== 'string' || !authToken) throw new AppError('UNAUTHENTICATED', 'auth.token must be an Auth Service token');
    return tokenActor(await verifyServiceToken(authToken), false);
  }
  // The session cookie's name depends on whether the browser reached us over https.
  const proto = String(headers['x-forwarded-proto'] ?? '').split(',')[0].trim();
  const actor = await resolveActor(new Request(`${proto === 'https' ? 'https' : 'http'}://realtime/`, { headers: toHeaders(headers) }));
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in, or send an Auth Service token in auth.token');
  return actor;
}
