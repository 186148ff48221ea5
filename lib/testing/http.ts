import { closeDb } from '../db/client';
import { resetEnvForTests } from '../env';
import { seedDemoData } from './fixtures';
import { type TestDb, createTestDb } from './test-db';

/** Points the process-wide database (getDb) at a test database, for tests that call route handlers. */
export async function useTestDbForRoutes(t: TestDb): Promise<void> {
  await closeDb();
  process.env.DATABASE_URL = t.url;
  resetEnvForTests();
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  path?: string;
  token?: string;
  cookie?: string;
  /** An object is sent as JSON; a string is sent as is (for malformed bodies). */
  body?: unknown;
  headers?: Record<string, string>;
  params?: Record<string, string>;
}

/** Calls a Next route handler in-process, as Next would, and returns status and parsed JSON. */
export async function callRoute(handler: Handler, o: CallOptions = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const headers = new Headers(o.headers);
  if (o.token) headers.set('authorization', `Bearer ${o.token}`);
  if (o.cookie) headers.set('cookie', o.cookie);
  let body: string | undefined;
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const req = new Request(`http://localhost${o.path ?? '/'}`, { method: o.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
  const res = await handler(req, { params: Promise.resolve(o.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

/** A fresh database with the demo data, behind getDb() for the route handlers a test file calls. */
export async function openSeededRouteDb(): Promise<TestDb> {
  const t = await createTestDb();
  await seedDemoData(t.db);
  await useTestDbForRoutes(t);
  return t;
}

/** Closes the process-wide pool, then drops the file's database. */
export async function closeRouteDb(t: TestDb | undefined): Promise<void> {
  await closeDb();
  await t?.drop();
}
