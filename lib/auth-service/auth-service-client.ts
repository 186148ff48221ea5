import { z } from 'zod';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import { logger } from '../log';

export type AuthServiceRecord = Record<string, unknown>;

export interface AuthServiceClient {
  /** `GET /api/v1/users/internal/{id}/`; null when the Auth Service does not know the user. */
  getUserInfo(userId: number): Promise<AuthServiceRecord | null>;
  /** `GET /api/v1/tts/round-robin/?role=&system=`: the ids of the role's users. */
  /** `fresh`: ask now, not from the cache or a call already on its way (the answer is cached as usual). */
  getUsersByRole(roleName: string, system?: string, options?: { fresh?: boolean }): Promise<number[]>;
  /** `GET /api/v1/hdts/employees/internal/{id}/`; null when unknown. */
  getEmployeeInfo(employeeId: number): Promise<AuthServiceRecord | null>;
  breakerState(): CircuitState;
}

export interface AuthServiceClientOptions {
  baseUrl: string;
  timeoutMs: number;
  failureThreshold: number;
  cooldownMs: number;
  cacheTtlMs: number;
  now?: () => number;
  /** Where circuit transitions are reported (default: the process log). */
  log?: (message: string) => void;
}

/** A failure that counts against the Auth Service: no answer, a timeout, 5xx, 429, or garbage. */
class AuthServiceDownError extends AppError {
  constructor(message: string) {
    super('UNAVAILABLE', `Auth Service unavailable: ${message}`);
    this.name = 'AuthServiceDownError';
  }
}

const userId = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
// The reference client reads `user_ids`; some Auth Service versions answer a bare list.
const usersByRoleSchema = z.union([z.array(userId), z.object({ user_ids: z.array(userId) }).loose().transform((v) => v.user_ids)]);
const recordSchema = z.record(z.string(), z.unknown());

const MAX_CACHE_ENTRIES = 1000;

/**
 * HTTP client for the Auth Service. Every call has a timeout and goes through one circuit breaker,
 * so a dead Auth Service costs callers one fast CircuitOpenError (AppError UNAVAILABLE) instead of
 * a timeout each; callers fall back to TTS's synced copy (see listRoleMemberIds). Answers,
 * including "not found", are cached for `cacheTtlMs`, and concurrent identical requests share one
 * HTTP call.
 */
export function createAuthServiceClient(o: AuthServiceClientOptions): AuthServiceClient {
  const now = o.now ?? Date.now;
  const base = o.baseUrl.replace(/\/+$/, '');
  const log = o.log ?? ((m: string) => logger('auth-service').info(m));
  const breaker = new CircuitBreaker({
    name: 'Auth Service',
    failureThreshold: o.failureThreshold,
    cooldownMs: o.cooldownMs,
    now,
    onStateChange: (state, detail) =>
      log(state === 'open' ? `[auth-service] circuit open for ${o.cooldownMs} ms (${detail})` : `[auth-service] circuit closed (${detail})`),
  });
  const cache = new Map<string, { at: number; value: unknown }>();
  const pending = new Map<string, Promise<unknown>>();

  async function fetchJson(path: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(o.timeoutMs) });
    } catch (err) {
      const e = err as Error;
      throw new AuthServiceDownError(e.name === 'TimeoutError' ? `no answer within ${o.timeoutMs} ms` : (e.cause as Error)?.message ?? e.message);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (res.status >= 500 || res.status === 429) {
      await res.body?.cancel();
      throw new AuthServiceDownError(`HTTP ${res.status} from ${path}`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      // A 4xx is the Auth Service answering; it is up, but this request cannot succeed.
      throw new AppError('UNAVAILABLE', `Auth Service refused ${path}: HTTP ${res.status}`);
    }
    try {
      return await res.json();
    } catch {
      throw new AuthServiceDownError(`malformed JSON from ${path}`);
    }
  }

  async function cached<T>(path: string, parse: (body: unknown) => T, fresh = false): Promise<T> {
    const hit = cache.get(path);
    if (!fresh && hit && now() - hit.at < o.cacheTtlMs) return hit.value as T;
    const running = pending.get(path);
    if (!fresh && running) return running as Promise<T>;
    const call = breaker
      .run(async () => {
        const body = await fetchJson(path);
        const parsed = body === null ? (null as T) : parse(body);
        return parsed;
      }, (err) => err instanceof AuthServiceDownError)
      .then((value) => {
        if (o.cacheTtlMs > 0) {
          if (cache.size >= MAX_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
          cache.set(path, { at: now(), value });
        }
        return value;
      })
      .finally(() => {
        if (pending.get(path) === call) pending.delete(path);
      });
    pending.set(path, call);
    return call;
  }

  const parseWith =
    <T>(schema: z.ZodType<T>, what: string) =>
    (body: unknown): T => {
      const r = schema.safeParse(body);
      if (!r.success) throw new AuthServiceDownError(`unexpected ${what} response`);
      return r.data;
    };

  return {
    getUserInfo: (id) => cached(`/api/v1/users/internal/${encodeURIComponent(String(id))}/`, parseWith(recordSchema, 'user')),
    getEmployeeInfo: (id) => cached(`/api/v1/hdts/employees/internal/${encodeURIComponent(String(id))}/`, parseWith(recordSchema, 'employee')),
    async getUsersByRole(roleName, system = 'tts', options = {}) {
      const qs = new URLSearchParams({ role: roleName, system });
      const ids = await cached(`/api/v1/tts/round-robin/?${qs}`, parseWith(usersByRoleSchema, 'round-robin'), options.fresh);
      return ids ?? [];
    },
    breakerState: () => breaker.state(),
  };
}

let shared: AuthServiceClient | null | undefined;

/** The process-wide client from AUTH_SERVICE_* settings; null when AUTH_SERVICE_URL is unset. */
export function getAuthServiceClient(): AuthServiceClient | null {
  if (shared !== undefined) return shared;
  const env = getEnv();
  shared = env.AUTH_SERVICE_URL
    ? createAuthServiceClient({
        baseUrl: env.AUTH_SERVICE_URL,
        timeoutMs: env.AUTH_SERVICE_TIMEOUT_MS,
        failureThreshold: env.AUTH_SERVICE_BREAKER_THRESHOLD,
        cooldownMs: env.AUTH_SERVICE_BREAKER_COOLDOWN_MS,
        cacheTtlMs: env.AUTH_SERVICE_CACHE_TTL_MS,
      })
    : null;
  return shared;
}
