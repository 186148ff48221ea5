/**
 * Fault (d): the Auth Service hanging, then failing, then gone, then back. It is stood in for by a
 * local HTTP server (the one outside service a test may fake) that answers users-by-role and user
 * info from the seeded memberships, and can be told to hang (accept and never answer), fail (503)
 * or go down (stop listening: connection refused).
 *
 * One web process and one worker (the real entry points, AUTH_SERVICE_URL set, a short timeout,
 * breaker threshold and cool-down) run against a throwaway database. The worker's role reconcile
 * (the code that calls the Auth Service) is kicked every half second. In every bad mode, a real
 * browser signs in with a local account, and a ticket posted to /send/ is routed and assigned
 * and shows on the assignee's My tasks page and its task page, each within a few seconds, whether
 * the circuit is still closed (hang: calls wait out their timeout) or already open. The circuit
 * must open (the worker's health probe reports `auth_service`), hold calls back while open (only
 * the trial call per cool-down reaches the stand-in), and close once the stand-in answers again.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { SignJWT } from 'jose';
import { eq, sql } from 'drizzle-orm';
import { DEMO_PASSWORD, DEMO_USERS } from '../../lib/demo/seed-demo';
import { roleUsers, roles } from '../../lib/db/schema';
import { enqueue } from '../../lib/jobs/send';
import { ensureBuild } from '../../scripts/ensure-build';
import { ManagedProcess, SECRETS, createFaultDatabase, freePort, processEnv, rowsOf, sleep, summarize, waitFor, workerProcess, type FaultSummary } from './harness';

type Mode = 'up' | 'hang' | 'fail' | 'down';

const TIMEOUT_MS = 800;
const THRESHOLD = 3;
const COOLDOWN_MS = 3000;
/** Each step of a journey (sign-in, a page, routing) must take less than this, outage or not. */
const STEP_BUDGET_MS = 15_000;

/** The stand-in Auth Service: answers from `members`, records every request with the mode it met. */
async function startAuthServiceStandIn(members: Map<string, number[]>, users: Map<number, { name: string; email: string }>) {
  let mode: Mode = 'up';
  const requests: Array<{ at: number; path: string; mode: Mode }> = [];
  const hanging = new Set<ServerResponse>();
  const port = await freePort();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    requests.push({ at: Date.now(), path: req.url ?? '', mode });
    if (mode === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (mode === 'fail') return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"detail":"unavailable"}');
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/api/v1/tts/round-robin/') return json(200, { user_ids: members.get(url.searchParams.get('role') ?? '') ?? [] });
    const user = /^\/api\/v1\/users\/internal\/(\d+)\/$/.exec(url.pathname);
    if (user) {
      const u = users.get(Number(user[1]));
      return u ? json(200, { id: Number(user[1]), full_name: u.name, email: u.email }) : json(404, { detail: 'Not found.' });
    }
    json(404, { detail: 'Not found.' });
  };
  let server: Server | null = null;
  const listen = async () => {
    server = createServer(handle);
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
  };
  const unlisten = async () => {
    if (!server) return;
    const s = server;
    server = null;
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  };
  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async setMode(next: Mode) {
      if (mode === 'hang' && next !== 'hang') for (const res of hanging) res.destroy();
      if (next === 'down') await unlisten();
      else if (!server) await listen();
      mode = next;
    },
    async close() {
      for (const res of hanging) res.destroy();
      await unlisten();
    },
  };
}

export async function runAuthServiceOutage(o: { seed: number; logDir: string; adminUrl?: string; log?: (m: string) => void }): Promise<FaultSummary> {
  const log = o.log ?? ((m: string) => console.log(`[auth-service] ${m}`));
  const adminUrl = o.adminUrl ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  await ensureBuild({ ...process.env, NODE_ENV: 'production' }, log);
  const database = await createFaultDatabase(adminUrl, 'auth');
  const members = new Map<string, number[]>();
  for (const r of await database.db.select({ name: roles.name, userId: roleUsers.userId }).from(roleUsers).innerJoin(roles, eq(roles.id, roleUsers.roleId))) {
    members.set(r.name, [...(members.get(r.name) ?? []), r.userId]);
  }
  const standIn = await startAuthServiceStandIn(members, new Map(DEMO_USERS.map((u) => [u.id, { name: u.fullName, email: u.email }])));
  const webPort = await freePort();
  const baseUrl = `http://127.0.0.1:${webPort}`;
  const env = processEnv({
    databaseUrl: database.url,
    extra: {
      APP_URL: baseUrl,
      AUTH_SERVICE_URL: standIn.url,
      AUTH_SERVICE_TIMEOUT_MS: String(TIMEOUT_MS),
      AUTH_SERVICE_BREAKER_THRESHOLD: String(THRESHOLD),
      AUTH_SERVICE_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
      AUTH_SERVICE_CACHE_TTL_MS: '0',
    },
  });
  const web = new ManagedProcess('web', ['--import', 'tsx', 'scripts/start-web.ts'], { ...env, PORT: String(webPort) }, `${baseUrl}/api/health`, path.join(o.logDir, 'web.log'));
  const worker = await workerProcess('worker', env, o.logDir);
  let browser: Browser | undefined;
  const failures: string[] = [];
  const figures: Record<string, string | number> = {};
  let kicking = true;
  let kicker: Promise<void> | undefined;
  try {
    web.start();
    worker.start();
    await Promise.all([web.waitHealthy(), worker.waitHealthy()]);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    const token = await new SignJWT({ user_id: 501 }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(SECRETS.JWT_SECRET));
    const circuit = async () => ((await (await fetch(worker.healthUrl)).json()) as { auth_service?: string }).auth_service;

    // The reconcile job is what calls the Auth Service; kick it every half second.
    kicker = (async () => {
      while (kicking) {
        await enqueue(database.db, 'roleReconcile', {}).catch(() => {});
        await sleep(500);
      }
    })();
    await waitFor('a reconcile call to reach the stand-in', () => standIn.requests.some((r) => r.mode === 'up' && r.path.startsWith('/api/v1/tts/round-robin/')), 30_000);
    if ((await circuit()) !== 'closed') failures.push(`circuit is ${await circuit()} while the Auth Service answers`);

    let journeys = 0;
    /** Sign in as the assignee of a freshly posted ticket and see it on My tasks and its page. */
    const journey = async (label: string) => {
      const timings: string[] = [];
      const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
        const t = Date.now();
        const out = await fn();
        const ms = Date.now() - t;
        timings.push(`${name} ${(ms / 1000).toFixed(1)} s`);
        if (ms > STEP_BUDGET_MS) failures.push(`${label}: ${name} took ${(ms / 1000).toFixed(1)} s`);
        return out;
      };
      const number = await step('intake', async () => {
        const res = await fetch(`${baseUrl}/send/`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            subject: `Auth outage (${label})`,
            description: 'Posted while the Auth Service is away',
            department: 'Asset Department',
            category: 'Asset Check In',
            priority: 'High',
            asset_name: 'Dell Latitude 7440',
            serial_number: `SN-${Date.now()}`,
            employee: { id: 501, name: 'Jane Doe' },
          }),
        });
        if (res.status !== 201) throw new Error(`${label}: POST /send/ answered ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { ticket_number: string }).ticket_number;
      });
      const assignee = await step('routing', () =>
        waitFor(`${number} to be routed`, async () => {
          const res = await fetch(`${baseUrl}/api/v1/tickets/${number}`, { headers: { authorization: `Bearer ${token}` } });
          const body = (await res.json()) as { routing_status?: string; task_items?: Array<{ user_id: number }> };
          return body.routing_status === 'routed' ? body.task_items?.[0]?.user_id : undefined;
        }, STEP_BUDGET_MS * 2, 200),
      );
      const user = DEMO_USERS.find((u) => u.id === assignee);
      if (!user) throw new Error(`${label}: ${number} went to user ${assignee}, who has no demo login`);
      const context = await browser!.newContext({ baseURL: baseUrl });
      try {
        const page = await context.newPage();
        await step('sign-in', async () => {
          await page.goto('/signin');
          await page.getByLabel(/email/i).fill(user.email);
          await page.getByLabel(/password/i).fill(DEMO_PASSWORD);
          await page.getByRole('button', { name: /sign in/i }).click();
          await page.waitForURL(/\/tasks$/, { timeout: STEP_BUDGET_MS });
        });
        await step('my tasks', async () => {
          await page.goto('/tasks');
          await page.getByText(number).first().waitFor({ timeout: STEP_BUDGET_MS });
        });
        await step('task page', async () => {
          await page.getByRole('link', { name: number }).first().click();
          await page.getByRole('heading', { name: new RegExp(number) }).first().waitFor({ timeout: STEP_BUDGET_MS });
        });
      } finally {
        await context.close();
      }
      journeys++;
      log(`${label}: ${number} to ${user.email}; ${timings.join(', ')}`);
    };

    // Each way of failing in turn, each a whole cycle: the circuit opens, holds calls back while
    // open, and closes again once the Auth Service answers.
    for (const mode of ['hang', 'fail', 'down'] as const) {
      await standIn.setMode(mode);
      const since = Date.now();
      // Before the circuit opens too (a hang: calls wait out their timeout): nothing user-facing waits.
      if (mode === 'hang') await journey(`${mode}, circuit not yet open`);
      await waitFor(`the circuit to open (Auth Service ${mode})`, async () => (await circuit()) === 'open', 30_000, 100).catch((e) => failures.push((e as Error).message));
      figures[`${mode}: opened after`] = `${((Date.now() - since) / 1000).toFixed(1)} s`;
      // While it is open: no call reaches the stand-in except one trial per cool-down.
      const openedAt = Date.now();
      const before = standIn.requests.length;
      await journey(`${mode}, circuit open`);
      await sleep(Math.max(0, COOLDOWN_MS * 2 - (Date.now() - openedAt)));
      const calls = standIn.requests.length - before;
      const allowed = Math.ceil((Date.now() - openedAt) / COOLDOWN_MS) + 1;
      if (mode !== 'down') {
        figures[`${mode}: calls while open`] = `${calls} in ${((Date.now() - openedAt) / 1000).toFixed(0)} s`;
        if (calls > allowed) failures.push(`${calls} calls reached the Auth Service while its circuit was open (at most ${allowed} trials expected)`);
      }
      if (!web.isRunning() || !worker.isRunning()) failures.push(`a process died during the ${mode} outage`);
      await standIn.setMode('up');
      const backAt = Date.now();
      await waitFor(`the circuit to close once the Auth Service answers again (after ${mode})`, async () => (await circuit()) === 'closed', COOLDOWN_MS + 30_000, 100).catch((e) =>
        failures.push((e as Error).message),
      );
      figures[`${mode}: closed after recovery`] = `${((Date.now() - backAt) / 1000).toFixed(1)} s`;
    }
    await waitFor('a reconcile answered after the recovery', () => standIn.requests.some((r) => r.at > Date.now() - 10_000 && r.mode === 'up'), 30_000).catch((e) =>
      failures.push((e as Error).message),
    );
    await journey('back up');

    const logText = worker.tail(1000);
    const opened = logText.match(/circuit open/g)?.length ?? 0;
    const closed = logText.match(/circuit closed/g)?.length ?? 0;
    if (opened < 3 || closed < 3) failures.push(`the worker log shows the circuit opening ${opened} and closing ${closed} times, not 3 each`);
    // Assignment never waited on the Auth Service: it reads the synced memberships.
    const [{ unrouted }] = rowsOf<{ unrouted: number }>(await database.db.execute(sql`select count(*)::int as unrouted from tickets where routing_status <> 'routed'`));
    if (unrouted) failures.push(`${unrouted} tickets not routed`);
    figures.journeys = journeys;
    return summarize('auth-service', { ...figures, lost: unrouted }, failures);
  } finally {
    kicking = false;
    await kicker;
    await browser?.close();
    await Promise.all([web.close(), worker.close()]);
    await standIn.close();
    await database.drop();
  }
}

/** `npx tsx bench/faults/auth-service-outage.ts` */
if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await runAuthServiceOutage({ seed: 0, logDir: path.join('test-results', 'faults', 'auth-service') });
  console.log(s.line);
  process.exit(s.passed ? 0 : 1);
}
