import { AppError, appErrorResponse, methodNotAllowed } from './errors';
import { allOperations } from './openapi';
import { isStorableText } from './validation';

/**
 * What Next answers before any route handler runs, made to speak the API's error shape
 * (proxy.ts calls this for every request). Left alone, Next answers an unexported method with an
 * empty 405 without `Allow`, a method outside its list (TRACE, PROPFIND...) with an empty 400, and
 * an unknown `/api/` path with the HTML 404 page. Here:
 * - a method no route serves anywhere (TRACE, CONNECT, PROPFIND, ...) is a 405 on every path;
 * - an `/api/` path (or `/send/`) segment that is not valid percent-encoded UTF-8, or decodes to
 *   text storage cannot hold, is a 400;
 * - an `/api/` path the OpenAPI document does not list is a JSON 404;
 * - a method the path does not serve is a 405 with `Allow` (HEAD wherever GET is; OPTIONS always,
 *   which Next answers itself with 204 and `Allow`).
 * The route table is the OpenAPI operation list (lib/openapi), so a route is reachable exactly
 * when it is documented.
 */

const STANDARD_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

interface Entry {
  segments: Array<string | null>; // null for a `{param}` segment
  methods: Set<string>;
}

// next-auth serves everything under /api/auth/ (sign-in, callbacks, session) with GET and POST.
const AUTH_PREFIX = '/api/auth/';
const AUTH_METHODS = ['GET', 'POST'];

let table: Entry[] | undefined;
function routeTable(): Entry[] {
  if (table) return table;
  const byPath = new Map<string, Entry>();
  for (const op of allOperations) {
    const key = normalize(op.path);
    const entry = byPath.get(key) ?? { segments: key.split('/').map((s) => (/^\{.+\}$/.test(s) ? null : s)), methods: new Set<string>() };
    entry.methods.add(op.method.toUpperCase());
    byPath.set(key, entry);
  }
  return (table = [...byPath.values()]);
}

/** One trailing slash is not significant (HDTS posts to `/send/`, Next serves `/send` too). */
const normalize = (p: string) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);

function allowFor(methods: Iterable<string>): string[] {
  const allow = new Set(methods);
  if (allow.has('GET')) allow.add('HEAD');
  allow.add('OPTIONS');
  return [...allow].sort();
}

/** A response for a request no route handler should see, or null to let Next route it. */
export function gateRequest(method: string, rawPathname: string): Response | null {
  const m = method.toUpperCase();
  const isApi = /^\/(api|send)(\/|$)/.test(rawPathname);
  if (!STANDARD_METHODS.has(m)) return methodNotAllowed(m, isApi ? allowFor(allowedAt(rawPathname)) : ['GET', 'HEAD', 'OPTIONS', 'POST']);
  if (!isApi) return null;

  const raw = normalize(rawPathname).split('/');
  for (const segment of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return badPath('a path segment is not valid percent-encoded UTF-8');
    }
    if (!isStorableText(decoded)) return badPath('a path segment must not contain NUL characters or unpaired UTF-16 surrogates');
  }

  const methods = allowedAt(rawPathname);
  if (!methods.length) return appErrorResponse(new AppError('NOT_FOUND', `No API path ${rawPathname}; see /api/openapi.json`));
  const allow = allowFor(methods);
  return allow.includes(m) ? null : methodNotAllowed(m, allow);
}

/** The documented methods of the path (none: no such path). */
function allowedAt(rawPathname: string): string[] {
  if (rawPathname.startsWith(AUTH_PREFIX)) return AUTH_METHODS;
  const raw = normalize(rawPathname).split('/');
  return routeTable()
    .filter((e) => e.segments.length === raw.length && e.segments.every((s, i) => (s === null ? raw[i] !== '' : s === raw[i])))
    .flatMap((e) => [...e.methods]);
}

function badPath(message: string): Response {
  return appErrorResponse(new AppError('INVALID_INPUT', `Invalid path: ${message}`, [{ path: '(path)', message }]));
}
