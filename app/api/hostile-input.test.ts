import { count, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { SignJWT, UnsecuredJWT } from 'jose';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateRequest } from '@/lib/api-gate';
import { taskItems, tickets, workflows } from '@/lib/db/schema';
import { getEnv } from '@/lib/env';
import { errorBodySchema } from '@/lib/errors';
import { inputJsonSchema } from '@/lib/openapi/registry';
import { allOperations, handlerOf, operationKey, responseValidator } from '@/lib/testing/api-operations';
import { startTicket } from '@/lib/testing/engine';
import { serviceToken, ticketPayload } from '@/lib/testing/fixtures';
import { callRoute, closeRouteDb, openSeededRouteDb } from '@/lib/testing/http';
import type { TestDb } from '@/lib/testing/test-db';
import { INT4_MAX } from '@/lib/validation';

/**
 * The property-based hostile-input corpus: for every operation in the OpenAPI document, fast-check
 * generates hostile bodies, headers, tokens, cookies, query strings and path segments, and each
 * answer must be below 500, in the JSON error shape when it is a 4xx, documented for the
 * operation (status and body schema), and a refused request must leave the stored ticket count
 * as it was. The gate (proxy.ts) is fuzzed over methods and raw paths the same way.
 * HOSTILE_RUNS sets the cases per operation (default 150: a few thousand in all).
 */

const RUNS = Number(process.env.HOSTILE_RUNS ?? 150);

let t: TestDb;
let validTokens: string[] = [];
let hostileTokens: string[] = [];
let itemId = 1;
let workflowId = 1;
let ticketNumber = 'TX1';

/** What a URL can carry: a lone surrogate has no UTF-8 form (encodeURIComponent throws on it). */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const ticketCount = async () => (await t.db.select({ n: count() }).from(tickets))[0].n;

async function signed(claims: Record<string, unknown>, options: { secret?: string; alg?: string; exp?: boolean } = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' }).setIssuedAt();
  if (options.exp !== false) jwt = jwt.setExpirationTime('1h');
  return jwt.sign(new TextEncoder().encode(options.secret ?? process.env.JWT_SECRET!));
}

beforeAll(async () => {
  t = await openSeededRouteDb();
  const started = await startTicket(t.db, { ticket_number: 'TXHOSTILE0001' });
  const [item] = await t.db.select().from(taskItems).where(eq(taskItems.id, started.itemId));
  itemId = item.id;
  ticketNumber = started.ticket.ticketNumber;
  workflowId = (await t.db.select().from(workflows).limit(1))[0].id;
  validTokens = await Promise.all([501, 111, 101, item.userId].map((u) => serviceToken(u)));
  hostileTokens = [
    '',
    'garbage',
    'a.b.c',
    new UnsecuredJWT({ user_id: 111 }).setExpirationTime('1h').encode(),
    await signed({ user_id: INT4_MAX + 1 }),
    await signed({ user_id: 2 ** 53 }),
    await signed({ user_id: 1e308 }),
    await signed({ user_id: -5 }),
    await signed({ user_id: 1.5 }),
    await signed({ user_id: '99999999999999999999' }),
    await signed({ sub: '4294967296' }),
    await signed({ user_id: 'x\u0000' }),
    await signed({ user_id: { id: 1 } }),
    await signed({ user_id: [111] }),
    await signed({ user_id: 111, token_type: 'refresh' }),
    await signed({ user_id: 111 }, { exp: false }),
    await signed({ user_id: 111 }, { secret: 'another-secret-0123456789abcdef' }),
    await signed({ user_id: 111 }, { alg: 'HS512' }),
    await signed({ user_id: 111, exp: 'tomorrow' }, { exp: false }),
    await signed({ user_id: 111, exp: 1e308 }, { exp: false }),
  ];
});
afterAll(() => closeRouteDb(t));

// Text that storage cannot hold, or that breaks naive parsing, mixed with ordinary code points.
const hostileUnit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFF', '\uFEFF') },
  { weight: 2, arbitrary: fc.constantFrom('%', '%00', '%E0%A4%A', '/', '..', '\\', '"', "'", ';', '\n', ' ', '{', '[', '$1', '%s') },
);
const hostileString = fc.string({ unit: hostileUnit, maxLength: 40 });
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 1.5, INT4_MAX, INT4_MAX + 1, -INT4_MAX - 2, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const hostileNumeral = fc.oneof(
  hostileNumber.map(String),
  fc.constantFrom('', ' 1', '1 ', '01', '1e3', '0x10', 'Infinity', 'NaN', '-0', '99999999999999999999999', '1'.repeat(400), '１２'),
);
const deepJson = fc.integer({ min: 20, max: 3000 }).map((n) => JSON.parse('['.repeat(Math.min(n, 30)) + ']'.repeat(Math.min(n, 30))));

/** A value of any JSON type, hostile in its leaves. */
const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  hostileNumeral,
  fc.constantFrom(null, true, false, [], {}),
  deepJson,
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileLeaf },
  { weight: 1, arbitrary: fc.array(hostileLeaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileLeaf, { maxKeys: 4 }) },
);

type JsonSchema = { properties?: Record<string, JsonSchema>; oneOf?: JsonSchema[]; anyOf?: JsonSchema[]; const?: unknown; enum?: unknown[] };

/** Field names and literal values a body schema knows, so hostile bodies reach past the first check. */
function bodyShape(schema: JsonSchema): { keys: string[]; literals: Record<string, unknown[]> } {
  const keys = new Set<string>();
  const literals: Record<string, unknown[]> = {};
  const visit = (s: JsonSchema | undefined) => {
    if (!s) return;
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      keys.add(k);
      const values = v.const !== undefined ? [v.const] : (v.enum ?? []);
      if (values.length) (literals[k] ??= []).push(...values);
    }
    s.oneOf?.forEach(visit);
    s.anyOf?.forEach(visit);
  };
  visit(schema);
  return { keys: [...keys], literals };
}

/** Valid bodies to mutate: hostile values land in otherwise acceptable requests. */
const validBodies: Record<string, Record<string, unknown>[]> = {
  'POST /api/v1/tickets': [ticketPayload()],
  'POST /send/': [ticketPayload({ subcategory: 'Laptop' })],
  'POST /api/v1/tickets/{ticket_number}/route': [{ workflow_id: 1 }],
  'POST /api/v1/task-items/{id}/actions': [
    { action: 'hold', note: 'n' },
    { action: 'resume' },
    { action: 'transition', transition_id: 1, note: 'n' },
    { action: 'transfer', to_user_id: 131 },
    { action: 'escalate', reason: 'r' },
  ],
  'POST /api/v1/workflows': [
    {
      name: 'W',
      department: 'D',
      category: 'C',
      sla_seconds: { Critical: 60, High: 120, Medium: 180, Low: 240 },
      steps: [{ key: 'a', name: 'A', role: 1, is_start: true, is_end: true }],
      transitions: [],
    },
  ],
};
validBodies['PUT /api/v1/workflows/{id}'] = validBodies['POST /api/v1/workflows'];

function bodyArbitrary(key: string, schema: JsonSchema): fc.Arbitrary<unknown> {
  const { keys, literals } = bodyShape(schema);
  const fieldValue = (k: string) => (literals[k] ? fc.oneof(fc.constantFrom(...literals[k]), hostileValue) : hostileValue);
  const shaped = fc.record(Object.fromEntries(keys.map((k) => [k, fieldValue(k)])), { requiredKeys: [] });
  const base = validBodies[key] ?? [{}];
  // One field of a valid body replaced by a hostile value (or a hostile extra field added).
  const mutated = fc
    .tuple(fc.constantFrom(...base), fc.constantFrom(...keys, 'extra_field', 'employee'), hostileValue)
    .map(([b, k, v]) => ({ ...b, [k]: v }));
  const nested = fc.tuple(fc.constantFrom(...base), hostileValue).map(([b, v]) => ({ ...b, asset: { deep: { value: v } } }));
  return fc.oneof(
    { weight: 4, arbitrary: mutated },
    { weight: 2, arbitrary: shaped },
    { weight: 1, arbitrary: nested },
    { weight: 1, arbitrary: hostileValue },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"subject":"x"',
        '',
        '   ',
        'null',
        '[]',
        '"just a string"',
        '{"a":"\\u0000"}',
        '{"subject":"\\ud800","department":"d","category":"c"}',
        '['.repeat(5000) + ']'.repeat(5000),
        '{"a":'.repeat(40) + '1' + '}'.repeat(40),
        '\uFEFF{}',
        '{"__proto__":{"polluted":1}}',
        '{"constructor":{"prototype":{"x":1}}}',
        '1e999999',
      ),
    },
  );
}

const authArbitrary = () =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...validTokens).map((token) => ({ token })) },
    { weight: 2, arbitrary: fc.constantFrom(...hostileTokens).map((token) => ({ headers: { authorization: `Bearer ${token}` } })) },
    { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Basic dXNlcjpwYXNz', 'Bearer  ', 'bearer x.y.z', 'Token abc').map((a) => ({ headers: { authorization: a } })) },
    { weight: 1, arbitrary: fc.constantFrom(...hostileTokens, '%E0%A4%A', '%00', 'a%ZZ').map((c) => ({ cookie: `access_token=${c}` })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(INT4_MAX + 1, -1, 0, 2 ** 60, 'abc').map((uid) => ({ session: String(uid) })),
    },
    { weight: 1, arbitrary: fc.constant({}) },
  );

const headersArbitrary = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/vnd.api+json', ''),
    'idempotency-key': fc.oneof(hostileString.filter((s) => /^[\t\x20-\x7e\x80-\xff]*$/.test(s)), fc.constantFrom('k', 'x'.repeat(201))),
    origin: fc.constantFrom('https://evil.example', 'null', 'http://localhost', '::::'),
    'sec-fetch-site': fc.constantFrom('cross-site', 'same-origin', 'none', 'same-site'),
    'content-length': fc.constantFrom('0', '-1', '99999999999', 'abc'),
    'x-forwarded-host': fc.constantFrom('localhost', 'evil.example, localhost', ''),
  },
  { requiredKeys: [] },
);

/** Path parameter values: the real ids (so the request reaches storage), near-misses and hostile text. */
function paramArbitrary(name: string): fc.Arbitrary<string> {
  const real = name === 'ticket_number' ? ticketNumber : String(name === 'id' ? (Math.random() < 0.5 ? itemId : workflowId) : 1);
  return fc.oneof({ weight: 2, arbitrary: fc.constant(real) }, { weight: 2, arbitrary: hostileNumeral }, { weight: 3, arbitrary: hostileString });
}

function queryArbitrary(keys: string[]): fc.Arbitrary<[string, string][]> {
  const pair = fc.tuple(fc.oneof(fc.constantFrom(...keys, 'x'), hostileString), fc.oneof(hostileNumeral, hostileString, fc.constantFrom('true', 'false', 'all', 'waiting', 'deployed')));
  return fc.array(pair, { maxLength: 4 });
}

async function sessionCookie(uid: string) {
  const name = 'authjs.session-token';
  return `${name}=${await encode({ token: { uid }, secret: getEnv().AUTH_SECRET, salt: name })}`;
}

function expectErrorShape(status: number, json: unknown, context: string) {
  if (status >= 400) expect(errorBodySchema.safeParse(json).success, `${context}: error shape, got ${JSON.stringify(json).slice(0, 300)}`).toBe(true);
}

describe('hostile input against every documented operation', () => {
  it('covers every operation in the OpenAPI document', () => {
    expect(allOperations.length).toBeGreaterThanOrEqual(18);
  });

  for (const op of allOperations) {
    const key = operationKey(op);
    it(`${key}: never 5xx, always the error shape and the documented schema, nothing stored when refused`, async () => {
      const handler = await handlerOf(op);
      const validate = responseValidator();
      const paramNames = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const queryKeys = op.query ? Object.keys(op.query.shape) : ['limit'];
      const body = op.body ? bodyArbitrary(key, inputJsonSchema(op.body)) : fc.constant(undefined);
      const params = fc.record(Object.fromEntries(paramNames.map((n) => [n, paramArbitrary(n)])));

      await fc.assert(
        fc.asyncProperty(authArbitrary(), headersArbitrary, params, queryArbitrary(queryKeys), body, async (auth, headers, p, query, b) => {
          const qs = new URLSearchParams(query).toString();
          const path = `${op.path.replace(/\{([^}]+)\}/g, (_, n) => encodeURIComponent(wellFormed(p[n])))}${qs ? `?${qs}` : ''}`;
          const cookie = 'session' in auth ? await sessionCookie(auth.session) : (auth as { cookie?: string }).cookie;
          const before = await ticketCount();
          const res = await callRoute(handler, {
            method: op.method.toUpperCase(),
            path,
            params: p,
            token: (auth as { token?: string }).token,
            cookie,
            headers: { ...headers, ...((auth as { headers?: Record<string, string> }).headers ?? {}) },
            body: b,
          });
          const context = `${key} ${res.status} ${path} ${JSON.stringify(b)?.slice(0, 200)}`;
          expect(res.status, `${context}: ${JSON.stringify(res.json).slice(0, 300)}`).toBeLessThan(500);
          expectErrorShape(res.status, res.json, context);
          expect(validate(op, res.status, res.json), `${context}: documented`).toBeNull();
          if (res.status >= 400) expect(await ticketCount(), `${context}: nothing stored`).toBe(before);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }, 300_000);
  }
});

describe('hostile methods and raw paths at the gate (proxy.ts)', () => {
  it('answers every method and path below 500, in the error shape when refused', async () => {
    const segment = fc.oneof(
      fc.constantFrom('api', 'v1', 'tickets', 'task-items', 'workflows', 'admin', 'send', 'actions', 'route', '1', '', '%', '%E0%A4%A', '%00', '%ED%A0%80', '%C0%AF', '..', '%2F'),
      hostileString.map((s) => encodeURIComponent(wellFormed(s))),
    );
    const rawPath = fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => `/${s.join('/')}`);
    const method = fc.oneof(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL', 'PURGE', 'M-SEARCH'), fc.stringMatching(/^[A-Z]{1,10}$/));
    await fc.assert(
      fc.asyncProperty(method, fc.oneof(rawPath, rawPath.map((p) => `/api${p}`)), async (m, p) => {
        const res = gateRequest(m, p);
        if (!res) return;
        expect(res.status, `${m} ${p}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${m} ${p}`).toBeLessThan(500);
        expectErrorShape(res.status, await res.json(), `${m} ${p}`);
        if (res.status === 405) expect(res.headers.get('allow'), `${m} ${p}`).toBeTruthy();
      }),
      { numRuns: RUNS * 5 },
    );
  });
});
