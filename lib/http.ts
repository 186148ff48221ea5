import { getToken } from 'next-auth/jwt';
import { isActiveLocalUser } from './auth/local-users';
import { type TokenIdentity, verifyServiceToken } from './auth/service-token';
import { getDb } from './db/client';
import { getEnv } from './env';
import { AppError, appErrorResponse } from './errors';
import { logger } from './log';
import { INT4_MAX, parseJsonText, unstorableParamIssues } from './validation';

/** Who is calling: a user id from an Auth Service token or a signed-in UI session. */
export interface Actor {
  userId: number;
  via: 'token' | 'session';
  /**
   * Identified by a cookie (`access_token` or the UI session), which a browser attaches on its
   * own, also to requests another site makes it send: such callers get the same-origin check.
   */
  isFromCookie: boolean;
  /** When the Auth Service token expires (ms since epoch); long-lived connections end then. */
  expiresAt?: number;
}

function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      // Not percent-encoding: kept as sent, so verification refuses it (401), not a crash (500).
      return v.join('=');
    }
  }
  return undefined;
}

/** Bearer header or `access_token` cookie (as the Auth Service sets it), else the UI session. */
export async function resolveActor(req: Request): Promise<Actor | null> {
  const header = req.headers.get('authorization');
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match) throw new AppError('UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"');
    return tokenActor(await verifyServiceToken(match[1]), false);
  }
  const cookie = readCookie(req, 'access_token');
  if (cookie) return tokenActor(await verifyServiceToken(cookie), true);
  return sessionActor(req);
}

/** The caller an Auth Service token names. */
export function tokenActor(identity: TokenIdentity, isFromCookie: boolean): Actor {
  const exp = identity.claims.exp;
  return { userId: identity.userId, via: 'token', isFromCookie, ...(typeof exp === 'number' ? { expiresAt: exp * 1000 } : {}) };
}

const log = logger('http');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request that a browser sent from another site. Browsers say where a
 * request comes from (`Sec-Fetch-Site`, `Origin`); a caller that sends neither is not a browser
 * and cannot have been tricked into it. Applies to cookie-identified callers only: a Bearer
 * header is never attached by the browser on its own. Without `Sec-Fetch-Site` (older browsers),
 * the `Origin` host must be the host the request was sent to (`Host`, or `X-Forwarded-Host`
 * behind a proxy: headers a page cannot set on a cross-site request) or APP_URL's, as Next
 * checks its server actions.
 */
export function assertSameOrigin(req: Request): void {
  const refuse = (): never => {
    throw new AppError('FORBIDDEN', 'Cross-site request refused: call from the TTS app, or send the token in an Authorization header');
  };
  const site = req.headers.get('sec-fetch-site');
  if (site === 'same-origin' || site === 'none') return;
  if (site) refuse();
  const origin = req.headers.get('origin');
  if (origin === null) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return refuse(); // "null" (a sandboxed or privacy-stripped origin) or garbage
  }
  const hosts = [req.headers.get('x-forwarded-host'), req.headers.get('host')]
    .flatMap((h) => (h ? h.split(',').map((s) => s.trim().toLowerCase()) : []))
    .concat(new URL(getEnv().APP_URL).host);
  if (!hosts.includes(originHost.toLowerCase())) refuse();
}

/** The signed-in UI user, from the next-auth session cookie (an encrypted JWT; see auth.ts). */
async function sessionActor(req: Request): Promise<Actor | null> {
  const secure = new URL(req.url).protocol === 'https:';
  const cookieName = secure ? '__Secure-authjs.session-token' : 'authjs.session-token';
  if (!readCookie(req, cookieName)) return null;
  const token = await getToken({ req, secret: getEnv().AUTH_SECRET, secureCookie: secure, cookieName, salt: cookieName });
  const uid = Number(token?.uid);
  if (!Number.isSafeInteger(uid) || uid <= 0 || uid > INT4_MAX) return null;
  // A user deactivated since signing in loses access at once, not when the session expires.
  if (!(await isActiveLocalUser(getDb(), uid))) return null;
  return { userId: uid, via: 'session', isFromCookie: true };
}

/**
 * The one JSON error shape for anything a handler throws: an AppError maps to its status; anything
 * else is a bug, logged with its stack and answered 500 INTERNAL without it. The property-based
 * corpus (app/api/hostile-input.test.ts) proves no client input reaches that branch.
 */
export function errorResponse(err: unknown, req?: Request): Response {
  if (err instanceof AppError) return appErrorResponse(err);
  // The path only: a query string can carry a token. `err` is logged without SQL parameters (lib/log.ts).
  log.error({ err, method: req?.method, path: req ? new URL(req.url).pathname : undefined }, 'unhandled error in a route handler');
  return Response.json({ error: { code: 'INTERNAL', message: 'Internal error' } }, { status: 500 });
}

/**
 * Reads a JSON body with a size limit: 413 past MAX_BODY_BYTES, 415 unless it is declared JSON,
 * 400 for malformed JSON. Reads the stream itself so a lying Content-Length cannot get past it.
 */
export async function readJsonBody(req: Request): Promise<unknown> {
  const limit = getEnv().MAX_BODY_BYTES;
  // Required, not just checked when present: a cross-site form or no-cors fetch cannot send
  // application/json without a CORS preflight (a second guard next to assertSameOrigin). Only
  // the media type counts, not its parameters: `text/plain; x=json` is not JSON.
  const type = (req.headers.get('content-type') ?? '').split(';')[0].trim();
  if (!/^application\/([\w.-]+\+)?json$/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > limit) throw new AppError('PAYLOAD_TOO_LARGE', `Body larger than ${limit} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw new AppError('PAYLOAD_TOO_LARGE', `Body larger than ${limit} bytes`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new AppError('INVALID_INPUT', 'Request body is empty', [{ path: '(body)', message: 'Required' }]);
  // Depth checked before parsing; NUL and unpaired surrogates refused anywhere in the body.
  return parseJsonText(text);
}

// Routes import it from here with the rest of their edge helpers; workers from lib/errors.
export { parseWith } from './errors';

interface Ctx<P> {
  req: Request;
  params: P;
}
interface AuthedCtx<P> extends Ctx<P> {
  actor: Actor;
}

type NextCtx = { params: Promise<Record<string, string>> };

/**
 * Route handler wrapper: resolves the caller (401 when a route needs one and there is none), runs
 * the handler, and turns any error into the one JSON error shape.
 */
export function route<P extends Record<string, string> = Record<string, string>>(
  handler: (ctx: AuthedCtx<P>) => Promise<Response>,
): (req: Request, ctx: NextCtx) => Promise<Response>;
export function route<P extends Record<string, string> = Record<string, string>>(
  handler: (ctx: Ctx<P>) => Promise<Response>,
  options: { public: true },
): (req: Request, ctx: NextCtx) => Promise<Response>;
export function route<P extends Record<string, string>>(
  handler: (ctx: AuthedCtx<P>) => Promise<Response>,
  options?: { public: true },
) {
  return async (req: Request, ctx: NextCtx) => {
    try {
      const params = ((await ctx?.params) ?? {}) as P;
      // Path and query parameters Postgres could not hold are refused here, for every route, so
      // no handler has to remember it (the route's own schema then checks their form).
      const bad = [...unstorableParamIssues(params), ...unstorableParamIssues(queryParams(req))];
      if (bad.length) throw new AppError('INVALID_INPUT', `Invalid input: ${bad.map((i) => i.path).join(', ')}`, bad);
      if (options?.public) return await handler({ req, params } as AuthedCtx<P>);
      const actor = await resolveActor(req);
      if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in or send an Auth Service token');
      if (actor.isFromCookie && !SAFE_METHODS.has(req.method)) assertSameOrigin(req);
      return await handler({ req, params, actor });
    } catch (err) {
      return errorResponse(err, req);
    }
  };
}

function queryParams(req: Request): Record<string, string[]> {
  const out = Object.create(null) as Record<string, string[]>;
  for (const [k, v] of new URL(req.url).searchParams) (out[k] ??= []).push(v);
  return out;
}

